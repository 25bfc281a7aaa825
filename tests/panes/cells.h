/* What a pane drew, read back from its ncurses window cell by cell (the
 * window of an offscreen.h screen): what a user would see.
 *
 *   row(win, y, x, w)   row y between columns x and x+w, as UTF-8 (a
 *                       buffer of its own, overwritten by the next call)
 *   window_text(win)    every row, joined by newlines (a buffer of its
 *                       own, overwritten by the next call)
 *   all_ascii(s)        s has no byte outside ASCII
 *   count_char(s, c)    how many c are in s
 *   any_colour(win)     a cell of win has a colour pair
 *   SHOWS(win, w, {y, text}, ...)
 *                       a check (check.h) that row y (0 to w) has text in
 *                       it, for each pair; y ANY_ROW: anywhere in win
 */
#ifndef CORELAB_TESTS_PANES_CELLS_H
#define CORELAB_TESTS_PANES_CELLS_H

#include <curses.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "../lib/check.h"

/* The widest and tallest window read, and the bytes of a row's text with
 * the final NUL. */
enum { CELLS_MAX_W = 240, CELLS_MAX_H = 60, CELLS_ROW_BYTES = CELLS_MAX_W * MB_LEN_MAX + 1 };

static inline wchar_t cell_char(WINDOW *win, int y, int x, short *pair)
{
    cchar_t cc;
    wchar_t wch[CCHARW_MAX + 1] = {0};
    attr_t a;
    short p = 0;
    if (mvwin_wch(win, y, x, &cc) == ERR)
        return 0;
    getcchar(&cc, wch, &a, &p, NULL);
    if (pair)
        *pair = p;
    return wch[0] ? wch[0] : L' ';
}

static inline char *row(WINDOW *win, int y, int x, int w)
{
    static char buf[CELLS_ROW_BYTES];
    size_t o = 0;
    for (int c = x; c < x + w && c < getmaxx(win) && c < CELLS_MAX_W; c++) {
        wchar_t ch = cell_char(win, y, c, NULL);
        if (!ch)
            break;
        mbstate_t st = {0};
        size_t n = wcrtomb(buf + o, ch, &st);
        if (n == (size_t)-1) {
            buf[o] = '?';
            n = 1;
        }
        o += n;
    }
    buf[o] = '\0';
    return buf;
}

static inline const char *window_text(WINDOW *win)
{
    static char all[CELLS_MAX_H * (CELLS_ROW_BYTES + 1)];
    size_t o = 0;
    for (int y = 0; y < getmaxy(win) && y < CELLS_MAX_H; y++) {
        const char *r = row(win, y, 0, CELLS_MAX_W);
        size_t n = strlen(r);
        memcpy(all + o, r, n);
        o += n;
        all[o++] = '\n';
    }
    all[o] = '\0';
    return all;
}

static inline bool all_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

static inline int count_char(const char *s, char c)
{
    int n = 0;
    for (; *s; s++)
        n += *s == c;
    return n;
}

static inline bool any_colour(WINDOW *win)
{
    for (int y = 0; y < getmaxy(win); y++)
        for (int x = 0; x < getmaxx(win); x++) {
            short pair = 0;
            cell_char(win, y, x, &pair);
            if (pair != 0)
                return true;
        }
    return false;
}

typedef struct {
    int y;
    const char *text;
} Shown;

#define ANY_ROW (-1)

static inline void shows(WINDOW *win, int w, const Shown *s, size_t n, const char *file, int line)
{
    for (size_t i = 0; i < n; i++) {
        const char *seen = s[i].y == ANY_ROW ? window_text(win) : row(win, s[i].y, 0, w);
        if (!strstr(seen, s[i].text))
            check_failed_says(file, line, "SHOWS", "row %d: expected \"%s\" in \"%s\"", s[i].y, s[i].text, seen);
    }
}

#define SHOWS(win, w, ...)                                                                                     \
    shows((win), (w), (const Shown[]){__VA_ARGS__}, sizeof((const Shown[]){__VA_ARGS__}) / sizeof(Shown), __FILE__, \
          __LINE__)

#endif
