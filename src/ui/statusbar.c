/* ui/statusbar: the bottom line: lesson title, `step N/M`, the panel's
 * state, a mode's segment, a transient message and the clock (HH:MM). */
#include "ui/ui_internal.h"

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

static void add_segment(StrBuf *sb, const char *seg, bool ascii)
{
    if (!seg || !*seg)
        return;
    char *disp = text_display(seg, ascii);
    strbuf_adds(sb, ascii ? " | " : " \xe2\x94\x82 ");
    strbuf_adds(sb, disp);
    free(disp);
}

void statusbar_draw(App *app)
{
    Rect r = app->layout.status;
    const UiCaps *caps = &app->caps;
    attr_t attr = style_attr(caps, ROLE_STATUS);
    draw_fill(stdscr, r, attr);
    const Lesson *l = app_cur_lesson(app);
    char stepbuf[48];
    snprintf(stepbuf, sizeof stepbuf, "step %zu/%zu", app->step + 1, l->n_steps);
    /* The right part: the step, segments and the clock always fit; the
     * title gets what is left. */
    StrBuf right;
    strbuf_init(&right);
    strbuf_adds(&right, stepbuf);
    add_segment(&right, panel_status(app->panel), caps->ascii);
    const UiModeHooks *m = app->cfg.mode;
    if (m && m->status_text)
        add_segment(&right, m->status_text(app->cfg.mode_ctx, app), caps->ascii);
    if (app->overlay == OV_SCREEN) {
        const UiScreen *s = app->cfg.jupyter ? app->cfg.jupyter : &jupyter_info_screen;
        add_segment(&right, s->name, caps->ascii);
    }
    add_segment(&right, app->message, caps->ascii);
    strbuf_adds(&right, "  ");
    strbuf_adds(&right, app->clock);
    strbuf_addc(&right, ' ');
    int rw = text_width(right.data, right.len);
    int title_w = r.w - rw - 3;
    if (title_w < 10) { /* a long message: cut the right part instead */
        title_w = 10;
        rw = r.w - title_w - 3;
    }
    char *title = text_display(l->title ? l->title : l->id, caps->ascii);
    int used = draw_text(stdscr, r.y, r.x + 1, title_w, title, attr | A_BOLD);
    free(title);
    int x = r.x + 1 + used + 2;
    if (x + rw > r.x + r.w)
        x = r.x + r.w - rw;
    /* keep the step counter next to the title, the clock at the far right */
    size_t clock_at = right.len - strlen(app->clock) - 3;
    int left_w = text_width(right.data, clock_at);
    int avail = r.x + r.w - 7 - x;
    draw_text(stdscr, r.y, x, avail < left_w ? avail : left_w, right.data, attr);
    draw_text(stdscr, r.y, r.x + r.w - 6, 6, app->clock, attr);
    strbuf_free(&right);
}
