/* tui_script.c - the headless explorer for tests: the key script (FPDRIFT_KEYS) and the
 * screen dump (FPDRIFT_SCREEN_DUMP), as tig's TIG_SCRIPT and :save-display do. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "tui/app.h"

/* The next key of the script, or ERR at its end; sets *resize_w/h for <Resize:WxH>. */
int tui_script_next(tui_script *s, int *rw, int *rh)
{
	static const struct {
		const char *name;
		int key;
	} names[] = {{"<Tab>", '\t'},       {"<Esc>", 27},           {"<Enter>", '\n'},
	             {"<Up>", KEY_UP},      {"<Down>", KEY_DOWN},    {"<PgUp>", KEY_PPAGE},
	             {"<PgDn>", KEY_NPAGE}, {"<BS>", KEY_BACKSPACE}, {"<Space>", ' '}};

	if (s->next < s->npending)
		return s->pending[s->next++];
	s->npending = s->next = 0;
	while (*s->p == ' ')
		s->p++;
	if (!*s->p)
		return ERR;
	if (*s->p == '<') {
		const char *end = strchr(s->p, '>');

		if (end) {
			size_t len = (size_t)(end - s->p) + 1;

			for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
				if (strlen(names[i].name) == len &&
				    strncmp(s->p, names[i].name, len) == 0) {
					s->p += len;
					return names[i].key;
				}
			if (sscanf(s->p, "<Resize:%dx%d>", rw, rh) == 2) {
				s->p += len;
				return KEY_RESIZE;
			}
		}
	}
	while (*s->p && *s->p != ' ' && s->npending < 64)
		s->pending[s->npending++] = (unsigned char)*s->p++;
	return s->pending[s->next++];
}

/* Write the screen as UTF-8 text, one line per row, trailing blanks trimmed. */
int tui_dump_screen(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	for (int y = 0; y < LINES; y++) {
		wchar_t line[1024];
		char out[4096];
		size_t o = 0;
		int n = mvinnwstr(y, 0, line, COLS < 1023 ? COLS : 1023);
		mbstate_t st;

		memset(&st, 0, sizeof st);
		for (int i = 0; i < n && o + MB_LEN_MAX < sizeof out; i++) {
			size_t k = wcrtomb(out + o, line[i], &st);

			if (k != (size_t)-1)
				o += k;
		}
		while (o > 0 && out[o - 1] == ' ')
			o--;
		fwrite(out, 1, o, f);
		fputc('\n', f);
	}
	return fclose(f);
}
