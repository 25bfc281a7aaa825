/* ui/draw: lines, boxes and clipped text that stay plain ASCII in ASCII
 * mode (no ACS either: a terminal may turn it into UTF-8 line glyphs). */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include "ui/ui_internal.h"

#include <string.h>
#include <wchar.h>

/* In UTF-8 mode the box-drawing characters themselves rather than ACS:
 * what the terminal shows and what a screen capture reads are the same. */
static void glyph(cchar_t *c, wchar_t w, attr_t attr)
{
    wchar_t s[2] = {w, L'\0'};
    setcchar(c, s, attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL);
}

void draw_fill(WINDOW *win, Rect r, attr_t attr)
{
    wattrset(win, attr);
    for (int i = 0; i < r.h; i++)
        mvwhline(win, r.y + i, r.x, ' ', r.w);
    wattrset(win, A_NORMAL);
}

/* A border line along x (across) or down y: '-' and '|' in ASCII mode. */
static void border_line(WINDOW *win, const UiCaps *caps, int y, int x, int len, bool across)
{
    attr_t a = style_attr(caps, ROLE_BORDER);
    if (caps->ascii) {
        wattrset(win, a);
        if (across)
            mvwhline(win, y, x, '-', len);
        else
            mvwvline(win, y, x, '|', len);
        wattrset(win, A_NORMAL);
        return;
    }
    cchar_t c;
    glyph(&c, across ? 0x2500 : 0x2502, a);
    if (across)
        mvwhline_set(win, y, x, &c, len);
    else
        mvwvline_set(win, y, x, &c, len);
}

void draw_hline(WINDOW *win, const UiCaps *caps, int y, int x, int w)
{
    border_line(win, caps, y, x, w, true);
}

void draw_vline(WINDOW *win, const UiCaps *caps, int y, int x, int h)
{
    border_line(win, caps, y, x, h, false);
}

void draw_box(WINDOW *win, const UiCaps *caps, Rect r)
{
    if (r.h < 2 || r.w < 2)
        return;
    draw_hline(win, caps, r.y, r.x + 1, r.w - 2);
    draw_hline(win, caps, r.y + r.h - 1, r.x + 1, r.w - 2);
    draw_vline(win, caps, r.y + 1, r.x, r.h - 2);
    draw_vline(win, caps, r.y + 1, r.x + r.w - 1, r.h - 2);
    wattrset(win, style_attr(caps, ROLE_BORDER));
    if (caps->ascii) {
        mvwaddch(win, r.y, r.x, '+');
        mvwaddch(win, r.y, r.x + r.w - 1, '+');
        mvwaddch(win, r.y + r.h - 1, r.x, '+');
        mvwaddch(win, r.y + r.h - 1, r.x + r.w - 1, '+');
    } else {
        attr_t a = style_attr(caps, ROLE_BORDER);
        cchar_t c;
        glyph(&c, 0x250C, a);
        mvwadd_wch(win, r.y, r.x, &c);
        glyph(&c, 0x2510, a);
        mvwadd_wch(win, r.y, r.x + r.w - 1, &c);
        glyph(&c, 0x2514, a);
        mvwadd_wch(win, r.y + r.h - 1, r.x, &c);
        glyph(&c, 0x2518, a);
        mvwadd_wch(win, r.y + r.h - 1, r.x + r.w - 1, &c);
    }
    wattrset(win, A_NORMAL);
}

int draw_text(WINDOW *win, int y, int x, int w, const char *s, attr_t attr)
{
    if (w <= 0 || !s)
        return 0;
    size_t n = strlen(s);
    size_t fit = text_fit(s, n, w);
    wattrset(win, attr);
    if (fit)
        mvwaddnstr(win, y, x, s, (int)fit);
    wattrset(win, A_NORMAL);
    return text_width(s, fit);
}
