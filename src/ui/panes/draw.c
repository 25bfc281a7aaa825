/* Drawing helpers the pane renderers share: clipped, padded text (so a
 * pane overwrites its area instead of erasing it, and ncurses sends only
 * the cells that changed), titles and colour pairs. */
#include "ui/panes/panes.h"

#include <stdint.h>
#include <string.h>

#include "util/utf8.h"

void pane_init_colors(void)
{
    if (!has_colors())
        return;
    static const struct {
        short pair, fg;
    } pairs[] = {
        {PANE_PAIR_RUN, COLOR_GREEN},       {PANE_PAIR_WAIT, COLOR_RED},
        {PANE_PAIR_NOGIL, COLOR_CYAN},      {PANE_PAIR_IO, COLOR_YELLOW},
        {PANE_PAIR_BAR, COLOR_GREEN},       {PANE_PAIR_BAR_HIGH, COLOR_RED},
        {PANE_PAIR_MEASURED, COLOR_YELLOW}, {PANE_PAIR_IDEAL, COLOR_BLUE},
        {PANE_PAIR_AMDAHL, COLOR_MAGENTA},  {PANE_PAIR_TITLE, COLOR_CYAN},
        {PANE_PAIR_ERROR, COLOR_RED},       {PANE_PAIR_GOOD, COLOR_GREEN},
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

/* A character's columns in a pane: a control character is drawn as a
 * blank and a bad byte or a character without a width as '?', one column
 * each. */
static int cp_cols(uint32_t cp)
{
    int c = codepoint_width(cp);
    return c < 0 ? 1 : c;
}

int pane_cols(const char *s)
{
    int cols = 0;
    while (*s) {
        uint32_t cp;
        s += utf8_decode(s, SIZE_MAX, &cp);
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
        uint32_t cp;
        size_t n = utf8_decode(s, SIZE_MAX, &cp);
        int c = cp_cols(cp);
        if (cols + c > w)
            break;
        if (cp < 0x20 || cp == 0x7f) {
            waddch(win, ' ');
        } else if (cp == UTF8_INVALID || (cp >= 0x80 && (dc->caps.ascii || c == 0))) {
            waddch(win, '?');
            c = 1;
        } else if (n == 1) {
            waddch(win, (chtype)(unsigned char)*s);
        } else {
            waddnstr(win, s, (int)n);
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
    attr_t a = A_BOLD | pane_pair(dc, PANE_PAIR_TITLE);
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

int pane_title_cols(const DrawCtx *dc, const char *name, const char *extra)
{
    int cols = 1 + pane_cols(name) + (dc->focused ? 1 : 0);
    if (extra && *extra)
        cols += 2 + pane_cols(extra);
    return cols;
}

void pane_title_fit(WINDOW *win, const Rect *r, const DrawCtx *dc, const char *const *names, int nnames,
                    const char *const *extras, int nextras)
{
    for (int e = 0; e < nextras; e++) {
        if (!extras[e] || !extras[e][0])
            continue;
        for (int n = 0; n < nnames; n++)
            if (pane_title_cols(dc, names[n], extras[e]) <= r->w) {
                pane_title(win, r, dc, names[n], extras[e]);
                return;
            }
    }
    for (int n = 0; n < nnames; n++)
        if (pane_title_cols(dc, names[n], NULL) <= r->w || n == nnames - 1) {
            pane_title(win, r, dc, names[n], "");
            return;
        }
}

bool pane_fit_clauses(char *s, int width)
{
    while (pane_cols(s) > width) {
        char *cut = NULL;
        for (char *c = s; *c; c++)
            if ((c[0] == ',' || c[0] == ';') && c[1] == ' ')
                cut = c;
        if (!cut) {
            s[0] = '\0';
            return false;
        }
        *cut = '\0';
    }
    return true;
}
