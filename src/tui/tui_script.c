/* tui_script.c - the headless explorer for tests: the key script (FPDRIFT_KEYS) and the
 * screen dump (FPDRIFT_SCREEN_DUMP), as tig's TIG_SCRIPT and :save-display do. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "tui/app.h"

/* <WheelUp>, <WheelDown> and <Click:X,Y> (column X, row Y from 0): the mouse event is
 * queued for getmouse and the caller returns KEY_MOUSE. */
static bool mouse_token(const char *p, size_t len)
{
	MEVENT ev;
	int x, y;

	memset(&ev, 0, sizeof ev);
	if (len == 11 && strncmp(p, "<WheelDown>", len) == 0)
		ev.bstate = BUTTON5_PRESSED;
	else if (len == 9 && strncmp(p, "<WheelUp>", len) == 0)
		ev.bstate = BUTTON4_PRESSED;
	else if (sscanf(p, "<Click:%d,%d>", &x, &y) == 2) {
		ev.bstate = BUTTON1_PRESSED;
		ev.x = x;
		ev.y = y;
	} else
		return false;
	return ungetmouse(&ev) == OK;
}

/* The next key of the script, or ERR at its end; sets *resize_w/h for <Resize:WxH>. */
int tui_script_next(tui_script *s, int *rw, int *rh)
{
	static const struct {
		const char *name;
		int key;
	} names[] = {{"<Tab>", '\t'},       {"<Esc>", 27},           {"<Enter>", '\n'},
	             {"<Up>", KEY_UP},      {"<Down>", KEY_DOWN},    {"<PgUp>", KEY_PPAGE},
	             {"<PgDn>", KEY_NPAGE}, {"<BS>", KEY_BACKSPACE}, {"<Space>", ' '},
	             {"<Left>", KEY_LEFT},  {"<Right>", KEY_RIGHT},  {"<Home>", KEY_HOME},
	             {"<End>", KEY_END},    {"<S-Tab>", KEY_BTAB},   {"<Lt>", '<'}};

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
			if (mouse_token(s->p, len)) {
				s->p += len;
				return KEY_MOUSE;
			}
		}
	}
	while (*s->p && *s->p != ' ' && s->npending < 64)
		s->pending[s->npending++] = (unsigned char)*s->p++;
	return s->pending[s->next++];
}

/* The character a cell shows: line-drawing cells (the alternate character set) as the
 * Unicode box-drawing characters they stand for. */
static wchar_t cell_char(int y, int x)
{
	static const struct {
		char acs;
		wchar_t uni;
	} acs[] = {{'q', L'\u2500'}, {'x', L'\u2502'}, {'l', L'\u250c'}, {'k', L'\u2510'},
	           {'m', L'\u2514'}, {'j', L'\u2518'}, {'a', L'\u2592'}, {'n', L'\u253c'},
	           {'t', L'\u251c'}, {'u', L'\u2524'}, {'w', L'\u252c'}, {'v', L'\u2534'}};
	cchar_t c;
	wchar_t wc[CCHARW_MAX + 1];
	attr_t at;
	short pair;

	if (mvin_wch(y, x, &c) != OK || getcchar(&c, wc, &at, &pair, NULL) != OK)
		return L' ';
	if (at & A_ALTCHARSET)
		for (size_t i = 0; i < sizeof acs / sizeof acs[0]; i++)
			if (wc[0] == (wchar_t)acs[i].acs)
				return acs[i].uni;
	return wc[0] ? wc[0] : L' ';
}

/* Write the screen as UTF-8 text, one line per row, trailing blanks trimmed. */
int tui_dump_screen(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	for (int y = 0; y < LINES; y++) {
		char out[4096];
		size_t o = 0;
		mbstate_t st;

		memset(&st, 0, sizeof st);
		for (int x = 0; x < COLS && o + MB_LEN_MAX < sizeof out; x++) {
			size_t k = wcrtomb(out + o, cell_char(y, x), &st);

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
