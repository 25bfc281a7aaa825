/* ui/classmode/reveal_screen: the follower's `v`: what the instructor
 * released for the step shown (follow_reveal.c builds the text), wrapped
 * to the screen and scrolled; closed back onto the step. */
#include "ui/classmode/classmode.h"
#include "ui/classmode/classmode_int.h"

#include <stdio.h>
#include <string.h>

#include "util/utf8.h"

/* Bytes of the next row of a paragraph (len bytes at s), at least one
 * character: prose breaks after the last space that fits. */
static size_t row_bytes(const char *s, size_t len, int w, bool code)
{
    if (!code)
        return text_wrap_row(s, len, w);
    size_t fit = text_fit(s, len, w);
    return fit > 0 ? fit : utf8_len(s, len);
}

int reveal_layout(const char *text, int w, int first, int n,
                  void (*row)(void *ctx, int i, char kind, const char *s, size_t len), void *ctx)
{
    int rows = 0;
    if (w < 1)
        w = 1;
    for (const char *p = text; p && *p;) {
        const char *end = strchr(p, '\n');
        end = end ? end : p + strlen(p);
        char kind = *p++;
        bool code = kind == 'C';
        do {
            size_t len = (size_t)(end - p);
            size_t take = len ? row_bytes(p, len, w, code) : 0;
            if (row && rows >= first && rows < first + n)
                row(ctx, rows - first, kind, p, take);
            rows++;
            p += take;
            while (!code && p < end && *p == ' ')
                p++;
        } while (p < end);
        p = *end ? end + 1 : end;
    }
    return rows;
}

typedef struct {
    WINDOW *win;
    int y, x, w;
    bool color;
} Painter;

static void paint_row(void *ctx, int i, char kind, const char *s, size_t len)
{
    Painter *pt = ctx;
    attr_t a = kind == 'T' ? classmode_attr(pt->color, CLASS_PAIR_TITLE, A_BOLD)
             : kind == 'R' ? classmode_attr(pt->color, CLASS_PAIR_DONE, A_BOLD) : A_NORMAL;
    wattrset(pt->win, A_NORMAL);
    mvwhline(pt->win, pt->y + i, pt->x, ' ', pt->w);
    wattrset(pt->win, a);
    mvwaddnstr(pt->win, pt->y + i, pt->x, s, (int)len);
    wattrset(pt->win, A_NORMAL);
}

static bool key_scroll(void *ctx, int key)
{
    FollowReveal *r = ((UiKeyCtx *)ctx)->ctx;
    r->scroll = classmode_scroll_key(r->scroll, key);
    return true;
}

static const KeyBinding reveal_keys[] = {
    {.keys = {27, 'q', 'v'}, .names = "Esc  q  v", .hint = "back to the step", .what = "back to the step",
     .run = ui_key_close},
    CLASSMODE_SCROLL_KEYS(key_scroll),
    {.names = NULL},
};

KEY_SECTIONS_ONE(reveal_sections, "Released by the instructor (follow, v)", reveal_keys);

static void reveal_draw(void *ctx, App *app, WINDOW *win, int y, int x, int h, int w)
{
    FollowReveal *r = ctx;
    bool color = app_caps(app)->color;
    classmode_init_pairs(color);
    int rows = h - 2, tw = w - 4;
    int total = reveal_layout(r->text, tw, 0, 0, NULL, NULL);
    r->scroll = classmode_scroll_clamp(r->scroll, total, rows);
    Painter pt = {win, y + 1, x + 2, tw, color};
    reveal_layout(r->text, tw, r->scroll, rows, paint_row, &pt);
    classmode_keys_foot(win, y + h - 1, x, w, reveal_keys, r->scroll + rows < total);
}

const UiScreen classmode_reveal_screen = {
    .name = "released",
    .keys = reveal_sections,
    .draw = reveal_draw,
};
