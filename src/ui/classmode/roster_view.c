/* ui/classmode/roster_view: the instructor's side pane: the class at a
 * glance (counts, pacing clock, exercise timer) and the roster, help first.
 * Plain ASCII only, so it reads the same under --ascii and LANG=C. */
#include "ui/classmode/classmode_int.h"

#include <stdio.h>
#include <string.h>

#include "ui/caps.h"

enum { PAIR_HELP = UI_PAIR_CLASS_BASE + 1, PAIR_DONE, PAIR_TITLE };

static void init_pairs(bool color)
{
    static const short fg[] = {COLOR_RED, COLOR_GREEN, COLOR_CYAN};
    if (!color)
        return;
    for (int i = 0; i < 3; i++)
        init_pair((short)(PAIR_HELP + i), fg[i], -1);
}

static void line(WINDOW *win, int y, int x, int w, attr_t attr, const char *text)
{
    wattrset(win, A_NORMAL);
    mvwhline(win, y, x, ' ', w);
    wattrset(win, attr);
    mvwaddnstr(win, y, x, text, w);
    wattrset(win, A_NORMAL);
}

void roster_view_pacing(const RosterView *v, char *out, size_t cap)
{
    const ClassPace *p = v->pace;
    if (!p || p->lesson_started <= 0) {
        snprintf(out, cap, "no lesson yet");
        return;
    }
    double elapsed = v->now - p->lesson_started;
    char clock[16];
    classmode_fmt_clock(clock, sizeof clock, elapsed);
    int planned = v->teaching_min + v->exercises_min;
    if (planned <= 0) {
        snprintf(out, cap, "%s (no plan)", clock);
        return;
    }
    /* Where the plan says we should be: steps spread evenly over it. */
    double expected = v->n_steps > 0 ? planned * 60.0 * (p->step - 1) / v->n_steps : 0;
    long drift = (long)((elapsed - expected) / 60.0);
    if (elapsed > planned * 60.0)
        snprintf(out, cap, "%s of %d min, %ld min over", clock, planned,
                 (long)((elapsed - planned * 60.0) / 60.0) + 1);
    else if (drift >= 1)
        snprintf(out, cap, "%s of %d min, %ld min behind", clock, planned, drift);
    else if (drift <= -1)
        snprintf(out, cap, "%s of %d min, %ld min ahead", clock, planned, -drift);
    else
        snprintf(out, cap, "%s of %d min, on plan", clock, planned);
}

static attr_t pair_attr(const RosterView *v, int pair, attr_t mono)
{
    return v->color ? (attr_t)COLOR_PAIR(pair) | mono : mono;
}

/* Columns after the name: step, flag, seen, and quiz where there is room. */
static int fixed_columns(int w)
{
    return w >= 46 ? 17 + 6 : 17;
}

static void draw_student(const RosterView *v, WINDOW *win, int y, int x, int w,
                         const ClassStudent *s)
{
    char name[CLASS_NAME_MAX], ago[16], row[256];
    classmode_fmt_safe(name, sizeof name, s->st.user);
    classmode_fmt_ago(ago, sizeof ago, v->now - s->last_seen);
    const char *flag = !s->flag_current ? ""
                     : s->st.flag == CLASS_FLAG_HELP ? "HELP"
                     : s->st.flag == CLASS_FLAG_DONE ? "done" : "";
    char step[16];
    snprintf(step, sizeof step, "%d%s", s->st.step, s->st.roaming ? "*" : "");
    if (v->pace && strcmp(s->st.lesson, v->pace->lesson) != 0)
        snprintf(step, sizeof step, "--");
    int namew = w - fixed_columns(w) > 4 ? w - fixed_columns(w) : 4;
    int n = snprintf(row, sizeof row, " %-*.*s%s %4s %-4s %4s", namew - 1, namew - 1, name,
                     s->squatted ? "!" : " ", step, flag, s->stale ? "gone" : ago);
    if (fixed_columns(w) > 17 && n > 0 && (size_t)n < sizeof row) {
        char quiz[16] = "";
        if (s->st.quiz_total > 0)
            snprintf(quiz, sizeof quiz, "%d/%d", s->st.quiz_score, s->st.quiz_total);
        snprintf(row + n, sizeof row - (size_t)n, " %5s", quiz);
    }
    attr_t a = A_NORMAL;
    if (s->stale)
        a = A_DIM;
    else if (s->flag_current && s->st.flag == CLASS_FLAG_HELP)
        a = pair_attr(v, PAIR_HELP, A_BOLD);
    else if (s->flag_current && s->st.flag == CLASS_FLAG_DONE)
        a = pair_attr(v, PAIR_DONE, A_NORMAL);
    line(win, y, x, w, a, row);
}

/* Why followers may not find the class, cut into lines of the pane:
 * rows used. */
static int draw_problem(const RosterView *v, WINDOW *win, int y, int x, int h, int w)
{
    if (!v->problem || w < 12)
        return 0;
    char text[512];
    classmode_fmt_safe(text, sizeof text, v->problem);
    int rows = 0;
    size_t per = (size_t)w - 3;
    for (const char *p = text; *p && rows < 5 && rows < h - 6;) {
        size_t n = strlen(p);
        if (n > per) { /* break at the last space that fits, else mid-word */
            n = per;
            while (n > per / 2 && p[n] != ' ')
                n--;
            if (p[n] != ' ')
                n = per;
        }
        char buf[256];
        snprintf(buf, sizeof buf, " %s%.*s", rows ? "  " : "! ", (int)n, p);
        line(win, y + rows++, x, w, pair_attr(v, PAIR_HELP, A_BOLD), buf);
        p += n;
        while (*p == ' ')
            p++;
    }
    return rows;
}

/* Files in students/ that are not counted, by whoever left them: rows. */
static int draw_junk(const RosterView *v, WINDOW *win, int y, int x, int h, int w)
{
    const ClassRoster *r = v->roster;
    int rows = 0;
    for (size_t i = 0; r && i < r->n_junk && rows < h && rows < 2; i++) {
        char who[CLASS_NAME_MAX], buf[256];
        classmode_fmt_safe(who, sizeof who, r->junk[i].owner);
        snprintf(buf, sizeof buf, " ! %zu stray file%s from %s", r->junk[i].n,
                 r->junk[i].n == 1 ? "" : "s", who);
        line(win, y + rows++, x, w, pair_attr(v, PAIR_HELP, A_NORMAL), buf);
    }
    return rows;
}

void roster_view_draw(const RosterView *v, WINDOW *win, int y, int x, int h, int w)
{
    init_pairs(v->color);
    char buf[256];
    const ClassRoster *r = v->roster;
    int row = 0;
    if (w < 10)
        return;
    snprintf(buf, sizeof buf, " Class: %d here%s", r ? r->live : 0, "");
    if (r && r->stale)
        snprintf(buf, sizeof buf, " Class: %d here, %d gone", r->live, r->stale);
    if (r && r->refused) { /* planted or broken entries in students/ */
        size_t n = strlen(buf);
        snprintf(buf + n, sizeof buf - n, ", %zu refused", r->refused);
    }
    line(win, y + row++, x, w, pair_attr(v, PAIR_TITLE, A_BOLD), buf);
    row += draw_problem(v, win, y + row, x, h - row, w);
    snprintf(buf, sizeof buf, " done:%d help:%d", r ? r->done : 0, r ? r->help : 0);
    line(win, y + row++, x, w, r && r->help ? pair_attr(v, PAIR_HELP, A_BOLD) : A_BOLD, buf);
    char pacing[96];
    roster_view_pacing(v, pacing, sizeof pacing);
    snprintf(buf, sizeof buf, " %s", pacing);
    line(win, y + row++, x, w, A_NORMAL, buf);
    if (v->pace && v->pace->timer_end > 0) {
        char clock[16];
        classmode_fmt_clock(clock, sizeof clock, v->pace->timer_end - v->now);
        snprintf(buf, sizeof buf, " exercise %s%s", clock, v->pace->timer_end <= v->now ? " up" : "");
        line(win, y + row++, x, w, A_BOLD, buf);
    } else {
        line(win, y + row++, x, w, A_DIM, " T: exercise timer");
    }
    int namew = w - fixed_columns(w) > 4 ? w - fixed_columns(w) : 4;
    snprintf(buf, sizeof buf, " %-*s step flag seen%s", namew, "who",
             fixed_columns(w) > 17 ? "  quiz" : "");
    line(win, y + row++, x, w, A_UNDERLINE, buf);
    size_t n = r ? r->n : 0, shown = 0;
    int squat_rows = (r && r->n_squats ? 2 : 0) + (r && r->n_junk ? 1 : 0);
    for (; shown < n && row < h - squat_rows; shown++) {
        if (shown + 1 < n && row == h - 1 - squat_rows) {
            snprintf(buf, sizeof buf, " ... %zu more", n - shown);
            line(win, y + row++, x, w, A_DIM, buf);
            shown = n;
            break;
        }
        draw_student(v, win, y + row++, x, w, &r->items[shown]);
    }
    if (n == 0 && row < h)
        line(win, y + row++, x, w, A_DIM, " (no students yet)");
    /* Squats: a file named after a student, owned by someone else. */
    for (size_t i = 0; r && i < r->n_squats && row + 1 < h; i++) {
        char a[CLASS_NAME_MAX], b[CLASS_NAME_MAX];
        classmode_fmt_safe(a, sizeof a, r->squats[i].name);
        classmode_fmt_safe(b, sizeof b, r->squats[i].owner);
        snprintf(buf, sizeof buf, " ! fake file for %s", a);
        line(win, y + row++, x, w, pair_attr(v, PAIR_HELP, A_NORMAL), buf);
        snprintf(buf, sizeof buf, "   planted by %s", b);
        line(win, y + row++, x, w, pair_attr(v, PAIR_HELP, A_NORMAL), buf);
    }
    row += draw_junk(v, win, y + row, x, h - row, w);
    while (row < h)
        line(win, y + row++, x, w, A_NORMAL, "");
}
