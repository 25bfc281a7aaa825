/* ui/statusbar: the bottom line: lesson title, `step N/M`, the panel's
 * or the exercise check's state, a mode's segment, the Jupyter job's badge,
 * a transient message and the clock (HH:MM). */
#include "ui/ui_internal.h"
#include "ui/practice_ui.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

bool statusbar_clock_changed(App *app, double wall_now)
{
    time_t t = (time_t)wall_now;
    struct tm tm;
    char buf[sizeof app->clock];
    if (!localtime_r(&t, &tm) || strftime(buf, sizeof buf, "%H:%M", &tm) == 0)
        snprintf(buf, sizeof buf, "--:--");
    if (strcmp(buf, app->clock) == 0)
        return false;
    memcpy(app->clock, buf, sizeof buf);
    return true;
}

/* Columns of s on screen. */
static int cols_of(const char *s)
{
    return text_width(s, strlen(s));
}

/* s within width columns without cutting a number from its unit: its last
 * clauses (after ", " or ": ") go, or with words (a title) its last words, an
 * ellipsis after what is left. False, s empty, when nothing of it fits. */
static bool fit_words(char *s, int width, bool words, bool ascii)
{
    const char *ell = ascii ? "..." : "\xe2\x80\xa6";
    while (cols_of(s) > width) {
        char *cut = NULL;
        for (char *c = s; *c && !words; c++)
            if ((c[0] == ',' || c[0] == ':') && c[1] == ' ')
                cut = c;
        if (cut) {
            *cut = '\0';
            continue;
        }
        char *sp = words ? strrchr(s, ' ') : NULL;
        if (!sp || sp == s) {
            s[0] = '\0';
            return false;
        }
        *sp = '\0';
        if (cols_of(s) + cols_of(ell) <= width) {
            strcat(s, ell); /* the caller's buffer has room for it */
            return true;
        }
    }
    return true;
}

/* Draws one segment at *x (after a separator unless first), within max
 * columns and the space left before limit: whole clauses, or with words
 * (the title, a message) whole words, or not at all. */
static void segment(App *app, int y, int *x, int limit, const char *text, int max, attr_t attr, bool first,
                    bool words)
{
    if (!text || !*text || *x >= limit)
        return;
    const UiCaps *caps = &app->caps;
    const char *sep = caps->ascii ? " | " : " \xe2\x94\x82 ";
    int sep_w = first ? 0 : 3;
    char *disp = text_display(text, caps->ascii);
    char buf[512];
    snprintf(buf, sizeof buf - 4, "%s", disp); /* room for an ellipsis */
    free(disp);
    int w = limit - *x - sep_w < max ? limit - *x - sep_w : max;
    if (w > 0 && fit_words(buf, w, words, caps->ascii)) {
        if (!first)
            *x += draw_text(stdscr, y, *x, limit - *x, sep, attr);
        *x += draw_text(stdscr, y, *x, w, buf, attr);
    }
}

/* Left to right by importance: lesson title (at most half the bar), step,
 * the panel, the mode, the open screen, a message; the clock at the right. */
void statusbar_draw(App *app)
{
    Rect r = app->layout.status;
    const UiCaps *caps = &app->caps;
    attr_t attr = style_attr(caps, ROLE_STATUS);
    draw_fill(stdscr, r, attr);
    const Lesson *l = app_cur_lesson(app);
    char stepbuf[48];
    snprintf(stepbuf, sizeof stepbuf, "step %zu/%zu", app->step + 1, l->n_steps);
    int limit = r.x + r.w - 7; /* " HH:MM " */
    int x = r.x + 1;
    segment(app, r.y, &x, limit, l->title ? l->title : l->id, r.w / 2, attr | A_BOLD, true, true);
    x += 2;
    segment(app, r.y, &x, limit, stepbuf, r.w, attr, true, false);
    segment(app, r.y, &x, limit, panel_status(app->panel), r.w, attr, false, false);
    segment(app, r.y, &x, limit, exercise_status(app), r.w, attr, false, false);
    const UiModeHooks *m = app->cfg.mode;
    if (m && m->status_text)
        segment(app, r.y, &x, limit, m->status_text(app->cfg.mode_ctx, app), r.w, attr, false, false);
    const UiScreen *j = app->cfg.jupyter; /* the Jupyter job, followed everywhere */
    if (j && j->status_text)
        segment(app, r.y, &x, limit, j->status_text(app->cfg.jupyter_ctx, app), r.w, attr, false, false);
    const UiScreen *sc = app_top_screen(app, NULL);
    if (sc && sc->name)
        segment(app, r.y, &x, limit, sc->name, r.w, attr, false, false);
    segment(app, r.y, &x, limit, app->message, r.w, attr, false, true);
    draw_text(stdscr, r.y, r.x + r.w - 6, 6, app->clock, attr);
}
