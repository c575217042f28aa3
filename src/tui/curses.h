/* curses.h - the one place fpdrift includes curses (wide-character ncursesw). */
#ifndef FPDRIFT_TUI_CURSES_H
#define FPDRIFT_TUI_CURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>

#endif
