/* tui.h - the explorer: an ncurses front end over explore/session.h.
 *
 * tui_main runs until the user quits and returns the exit status: 0, or 2 when there is no
 * usable terminal (standard output is not a terminal, or TERM names none curses knows).
 *
 * Headless mode, for tests: with keys set, the explorer draws into a virtual terminal of
 * cols x lines (newterm on /dev/null), reads keys from the script instead of the keyboard,
 * waits for every computation to finish after each key, and writes the final screen as
 * UTF-8 text to dump_path. Script tokens are separated by spaces: a token of plain characters
 * is those keys in turn; <Tab> <Esc> <Enter> <Up> <Down> <PgUp> <PgDn> <BS> <Space> name keys;
 * <Left> <Right> <Home> <End> <S-Tab> <Lt> (a '<') name keys; <Resize:WxH> resizes the
 * virtual terminal; <WheelUp>, <WheelDown> and <Click:X,Y> are mouse events.
 */
#ifndef FPDRIFT_TUI_H
#define FPDRIFT_TUI_H

#include <stdbool.h>

#include "explore/runner.h"

typedef struct tui_config {
	scenario start;        /* the first state; its data must outlive the explorer */
	const char *keys;      /* headless key script (FPDRIFT_KEYS), or NULL */
	const char *dump_path; /* headless screen dump (FPDRIFT_SCREEN_DUMP), or NULL */
	int cols, lines;       /* headless terminal size */
	/* loads a data set by name for the data-set key; 0 or an exit status with err */
	int (*load)(const char *name, dataset *out, char *err, size_t errsize);
} tui_config;

int tui_main(const tui_config *cfg);

#endif
