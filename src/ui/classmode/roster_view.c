/* ui/classmode/roster_view: the instructor's side pane: the class at a
 * glance (counts, pacing clock, exercise timer), what it answered at this
 * step (answers_view.c) and the roster: help first, then the stuck.
 * Plain ASCII only, so it reads the same under --ascii and LANG=C. */
#include "ui/classmode/classmode_int.h"

#include <stdio.h>
#include <string.h>

#include "ui/caps.h"

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
    return classmode_attr(v->color, pair, mono);
}

/* Columns after the name: step, flag, seen, and quiz where there is room. */
static int fixed_columns(int w)
{
    return w >= 46 ? 18 + 6 : 18;
}

/* The flag column: a raised help first, then the exercise of the
 * instructor's step (pass, stuck, try), then done. */
static const char *flag_word(const RosterView *v, const ClassStudent *s)
{
    if (s->flag_current && s->st.flag == CLASS_FLAG_HELP)
        return "HELP";
    const AnswersView *a = v->answers;
    const char *ex = a ? answers_exercise_word(s, a->lesson, a->step_no, a->step) : "";
    if (*ex)
        return ex;
    return s->flag_current && s->st.flag == CLASS_FLAG_DONE ? "done" : "";
}

static void draw_student(const RosterView *v, WINDOW *win, int y, int x, int w,
                         const ClassStudent *s)
{
    char name[CLASS_NAME_MAX], ago[16], row[256];
    classmode_fmt_safe(name, sizeof name, s->st.user);
    classmode_fmt_ago(ago, sizeof ago, v->now - s->last_seen);
    const char *flag = flag_word(v, s);
    char step[16];
    snprintf(step, sizeof step, "%d%s", s->st.step, s->st.roaming ? "*" : "");
    if (v->pace && strcmp(s->st.lesson, v->pace->lesson) != 0)
        snprintf(step, sizeof step, "--");
    int namew = w - fixed_columns(w) > 4 ? w - fixed_columns(w) : 4;
    int n = snprintf(row, sizeof row, " %-*.*s%s %4s %-5s %4s", namew - 1, namew - 1, name,
                     s->squatted ? "!" : " ", step, flag, s->stale ? "gone" : ago);
    if (fixed_columns(w) > 18 && n > 0 && (size_t)n < sizeof row) {
        char quiz[16] = "";
        if (s->st.quiz_total > 0)
            snprintf(quiz, sizeof quiz, "%d/%d", s->st.quiz_score, s->st.quiz_total);
        snprintf(row + n, sizeof row - (size_t)n, " %5s", quiz);
    }
    attr_t a = A_NORMAL;
    if (s->stale)
        a = A_DIM;
    else if (strcmp(flag, "HELP") == 0 || strcmp(flag, "stuck") == 0)
        a = pair_attr(v, CLASS_PAIR_HELP, A_BOLD);
    else if (strcmp(flag, "done") == 0 || strcmp(flag, "pass") == 0)
        a = pair_attr(v, CLASS_PAIR_DONE, A_NORMAL);
    classmode_line(win, y, x, w, a, row);
}

/* text cut into lines of the pane (at most max), the first after mark:
 * rows used. */
static int draw_wrapped(WINDOW *win, int y, int x, int w, int max, attr_t attr, const char *mark,
                        const char *raw)
{
    if (!raw || w < 12)
        return 0;
    char text[512];
    classmode_fmt_safe(text, sizeof text, raw);
    int rows = 0;
    size_t per = (size_t)w - 3;
    for (const char *p = text; *p && rows < max;) {
        size_t n = strlen(p);
        if (n > per) { /* break at the last space that fits, else mid-word */
            n = per;
            while (n > per / 2 && p[n] != ' ')
                n--;
            if (p[n] != ' ')
                n = per;
        }
        char buf[256];
        snprintf(buf, sizeof buf, " %s%.*s", rows ? "  " : mark, (int)n, p);
        classmode_line(win, y + rows++, x, w, attr, buf);
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
        classmode_line(win, y + rows++, x, w, pair_attr(v, CLASS_PAIR_HELP, A_NORMAL), buf);
    }
    return rows;
}

/* Counts, trouble, pacing and the timer: rows used. */
static int draw_header(const RosterView *v, WINDOW *win, int y, int x, int h, int w)
{
    char buf[256];
    const ClassRoster *r = v->roster;
    int row = 0;
    snprintf(buf, sizeof buf, " Class: %d here%s", r ? r->live : 0, "");
    if (r && r->stale)
        snprintf(buf, sizeof buf, " Class: %d here, %d gone", r->live, r->stale);
    if (r && r->refused) { /* planted or broken entries in students/ */
        size_t n = strlen(buf);
        snprintf(buf + n, sizeof buf - n, ", %zu refused", r->refused);
    }
    classmode_line(win, y + row++, x, w, pair_attr(v, CLASS_PAIR_TITLE, A_BOLD), buf);
    int most = h - row - 6 < 5 ? h - row - 6 : 5;
    row += draw_wrapped(win, y + row, x, w, most, pair_attr(v, CLASS_PAIR_HELP, A_BOLD), "! ", v->problem);
    most = h - row - 6 < 5 ? h - row - 6 : 5;
    row += draw_wrapped(win, y + row, x, w, most, pair_attr(v, CLASS_PAIR_DONE, A_BOLD), "", v->notice);
    snprintf(buf, sizeof buf, " done:%d help:%d", r ? r->done : 0, r ? r->help : 0);
    classmode_line(win, y + row++, x, w, r && r->help ? pair_attr(v, CLASS_PAIR_HELP, A_BOLD) : A_BOLD, buf);
    char pacing[96];
    roster_view_pacing(v, pacing, sizeof pacing);
    snprintf(buf, sizeof buf, " %s", pacing);
    classmode_line(win, y + row++, x, w, A_NORMAL, buf);
    if (v->pace && v->pace->timer_end > 0) {
        char clock[16];
        classmode_fmt_clock(clock, sizeof clock, v->pace->timer_end - v->now);
        snprintf(buf, sizeof buf, " exercise %s%s", clock, v->pace->timer_end <= v->now ? " up" : "");
        classmode_line(win, y + row++, x, w, A_BOLD, buf);
    } else {
        classmode_line(win, y + row++, x, w, A_DIM, " T: exercise timer");
    }
    return row;
}

/* The roster itself, then squats and junk: rows used. */
static int draw_roster(const RosterView *v, WINDOW *win, int y, int x, int h, int w)
{
    char buf[256];
    const ClassRoster *r = v->roster;
    int row = 0;
    int namew = w - fixed_columns(w) > 4 ? w - fixed_columns(w) : 4;
    snprintf(buf, sizeof buf, " %-*s step flag  seen%s", namew, "who",
             fixed_columns(w) > 18 ? "  quiz" : "");
    classmode_line(win, y + row++, x, w, A_UNDERLINE, buf);
    size_t n = r ? r->n : 0, shown = 0;
    int squat_rows = (r && r->n_squats ? 2 : 0) + (r && r->n_junk ? 1 : 0);
    for (; shown < n && row < h - squat_rows; shown++) {
        if (shown + 1 < n && row == h - 1 - squat_rows) {
            snprintf(buf, sizeof buf, " ... %zu more", n - shown);
            classmode_line(win, y + row++, x, w, A_DIM, buf);
            shown = n;
            break;
        }
        draw_student(v, win, y + row++, x, w, &r->items[shown]);
    }
    if (n == 0 && row < h)
        classmode_line(win, y + row++, x, w, A_DIM, " (no students yet)");
    /* Squats: a file named after a student, owned by someone else. */
    for (size_t i = 0; r && i < r->n_squats && row + 1 < h; i++) {
        char a[CLASS_NAME_MAX], b[CLASS_NAME_MAX];
        classmode_fmt_safe(a, sizeof a, r->squats[i].name);
        classmode_fmt_safe(b, sizeof b, r->squats[i].owner);
        snprintf(buf, sizeof buf, " ! fake file for %s", a);
        classmode_line(win, y + row++, x, w, pair_attr(v, CLASS_PAIR_HELP, A_NORMAL), buf);
        snprintf(buf, sizeof buf, "   planted by %s", b);
        classmode_line(win, y + row++, x, w, pair_attr(v, CLASS_PAIR_HELP, A_NORMAL), buf);
    }
    return row + draw_junk(v, win, y + row, x, h - row, w);
}

void roster_view_draw(const RosterView *v, WINDOW *win, int y, int x, int h, int w)
{
    if (w < 10)
        return;
    classmode_init_pairs(v->color);
    int row = draw_header(v, win, y, x, h, w);
    /* The step's answers, leaving the roster its heading and a few rows. */
    const ClassRoster *r = v->roster;
    int roster_rows = 1 + (r && r->n > 0 ? (r->n < 6 ? (int)r->n : 6) : 1);
    int room = h - row - roster_rows - 1;
    if (v->answers && room >= 3) {
        int used = answers_view_draw(v->answers, win, y + row, x, room, w, v->color);
        row += used;
        if (used > 0)
            classmode_line(win, y + row++, x, w, A_NORMAL, "");
    }
    row += draw_roster(v, win, y + row, x, h - row, w);
    while (row < h)
        classmode_line(win, y + row++, x, w, A_NORMAL, "");
}
