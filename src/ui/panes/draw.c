/* Drawing helpers the pane renderers share: clipped, padded text (so a
 * pane overwrites its area instead of erasing it, and ncurses sends only
 * the cells that changed), titles and colour pairs. */
#include "ui/panes/panes.h"

#include <string.h>
#include <wchar.h>

void pane_init_colors(void)
{
    if (!has_colors())
        return;
    static const struct {
        short pair, fg;
    } pairs[] = {
        {PP_RUN, COLOR_GREEN},     {PP_WAIT, COLOR_RED},       {PP_NOGIL, COLOR_CYAN},
        {PP_IO, COLOR_YELLOW},     {PP_BAR, COLOR_GREEN},      {PP_BAR_HIGH, COLOR_RED},
        {PP_MEASURED, COLOR_YELLOW}, {PP_IDEAL, COLOR_BLUE},   {PP_AMDAHL, COLOR_MAGENTA},
        {PP_TITLE, COLOR_CYAN},    {PP_ERROR, COLOR_RED},      {PP_GOOD, COLOR_GREEN},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        if (pairs[i].pair >= COLOR_PAIRS)
            break;
        /* -1 is the terminal's own background when the walker asked for
         * default colours; otherwise fall back to black. */
        if (init_pair(pairs[i].pair, pairs[i].fg, -1) == ERR)
            init_pair(pairs[i].pair, pairs[i].fg, COLOR_BLACK);
    }
}

attr_t pane_pair(const DrawCtx *dc, int pair)
{
    return dc->color ? COLOR_PAIR(pair) : A_NORMAL;
}

/* Decode one UTF-8 sequence; returns its length (1 for a bad byte, with
 * *cp = '?'). */
static int pane_utf8_next(const char *s, wchar_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    int n = u[0] >= 0xf0 && u[0] < 0xf5 ? 4 : u[0] >= 0xe0 && u[0] < 0xf0 ? 3 : u[0] >= 0xc2 && u[0] < 0xe0 ? 2 : 0;
    if (!n) {
        *cp = '?';
        return 1;
    }
    wchar_t v = u[0] & (0x7f >> n);
    for (int k = 1; k < n; k++) {
        if ((u[k] & 0xc0) != 0x80) {
            *cp = '?';
            return 1;
        }
        v = (v << 6) | (u[k] & 0x3f);
    }
    *cp = v;
    return n;
}

static int cp_cols(wchar_t cp)
{
    if (cp < 0x80)
        return 1;
    int c = wcwidth(cp);
    return c < 0 ? 1 : c;
}

int pane_cols(const char *s)
{
    int cols = 0;
    while (*s) {
        wchar_t cp;
        s += pane_utf8_next(s, &cp);
        cols += cp_cols(cp);
    }
    return cols;
}

int pane_text(WINDOW *win, const DrawCtx *dc, int y, int x, int w, const char *text, attr_t attr)
{
    int cols = 0;
    const char *s = text;
    wattrset(win, attr);
    wmove(win, y, x);
    while (*s && cols < w) {
        wchar_t cp;
        int n = pane_utf8_next(s, &cp);
        int c = cp_cols(cp);
        if (cols + c > w)
            break;
        if (cp < 0x20 || cp == 0x7f) {
            waddch(win, ' ');
        } else if (cp >= 0x80 && (dc->caps.ascii || c == 0)) {
            waddch(win, '?');
            c = 1;
        } else if (n == 1) {
            waddch(win, (chtype)(unsigned char)*s);
        } else {
            waddnstr(win, s, n);
        }
        cols += c;
        s += n;
    }
    wattrset(win, A_NORMAL);
    return cols;
}

void pane_line(WINDOW *win, const DrawCtx *dc, int y, int x, int w, const char *text, attr_t attr)
{
    if (w <= 0)
        return;
    int used = pane_text(win, dc, y, x, w, text ? text : "", attr);
    if (used < w)
        mvwhline(win, y, x + used, ' ', w - used);
}

void pane_blank(WINDOW *win, const Rect *r)
{
    for (int i = 0; i < r->h; i++)
        mvwhline(win, r->y + i, r->x, ' ', r->w);
}

void pane_title(WINDOW *win, const Rect *r, const DrawCtx *dc, const char *name, const char *extra)
{
    if (r->h <= 0 || r->w <= 0)
        return;
    attr_t a = A_BOLD | pane_pair(dc, PP_TITLE);
    if (dc->focused)
        a = A_REVERSE | A_BOLD;
    int used = pane_text(win, dc, r->y, r->x, r->w, dc->focused ? ">" : " ", a);
    used += pane_text(win, dc, r->y, r->x + used, r->w - used, name, a);
    if (dc->focused && used < r->w)
        used += pane_text(win, dc, r->y, r->x + used, r->w - used, " ", a);
    if (extra && *extra && used + 2 < r->w) {
        used += pane_text(win, dc, r->y, r->x + used, r->w - used, "  ", A_NORMAL);
        used += pane_text(win, dc, r->y, r->x + used, r->w - used, extra, A_NORMAL);
    }
    if (used < r->w)
        mvwhline(win, r->y, r->x + used, ' ', r->w - used);
}
