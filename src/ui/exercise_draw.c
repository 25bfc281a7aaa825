/* ui/exercise_draw: an exercise on screen. Its pane, where a demo's panel
 * goes: a header with the learner's file and the check's state, the
 * check's output (the output pane of a run step), for a traced check its
 * threads' timeline and the trace line, the verdict in colour (or the
 * question asked, or what stops the exercise), and a footer with the keys
 * or what just happened. In the step's text: the file, how to work on it,
 * the hints asked for. */
#include "ui/practice_ui.h"
#include "ui/panes/pane_class.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { VERDICT_MAX_ROWS = 3 };

/* The check's output as the output pane's lines. */
static void refresh_output(ExerciseView *v)
{
    if (!v->out_stale)
        return;
    v->out_stale = false;
    model_reset(&v->out);
    if (!v->check)
        return;
    size_t len;
    const char *text = exercise_check_output(v->check, &len);
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || text[i] == '\n') {
            if (i > start || i < len)
                model_add_output(&v->out, text + start, i - start);
            start = i + 1;
        }
    }
}

static bool hints_left(const App *app)
{
    const ExerciseView *v = app->exercise;
    const StepProgress *sp = progress_step(&app->progress, v->lesson->id, v->step_no);
    return (size_t)(sp ? sp->exercise.hints : 0) < v->ex->hints.n;
}

/* What the verdict rows say, and whether it is good news. */
static char *verdict_text(App *app, attr_t *attr, const DrawCtx *dc)
{
    ExerciseView *v = app->exercise;
    attr_t bad = A_BOLD | pane_pair(dc, PANE_PAIR_ERROR), good = A_BOLD | pane_pair(dc, PANE_PAIR_GOOD);
    const char *name = lesson_exercise_name(v->ex);
    *attr = A_REVERSE | A_BOLD;
    if (v->ask == EX_ASK_SOLUTION)
        return xstrdup("Show the solution? It is there to compare with once you have tried. "
                       "y shows it, any other key does not.");
    if (v->ask == EX_ASK_RESET)
        return xasprintf("Put the starter in place of your %s? Yours is kept as a backup beside "
                         "it. y resets, any other key does not.", name);
    *attr = bad;
    if (v->problem)
        return xstrdup(v->problem);
    if (!v->check)
        return NULL;
    *attr = A_DIM;
    if (!exercise_check_done(v->check))
        return xasprintf("checking %s ...", name);
    const CheckVerdict *vd = exercise_check_verdict(v->check);
    if (vd->state == CHECK_PASSED) {
        *attr = good;
        return xasprintf("%s %s works: passed. Right or Space goes on.", dc->caps.ascii ? "OK" : "\xe2\x9c\x94",
                         name);
    }
    *attr = bad;
    if (vd->state == CHECK_CANNOT_RUN || !hints_left(app))
        return xstrdup(vd->line);
    return xasprintf("%s  (press i for a hint)", vd->line);
}

static void draw_header(App *app, WINDOW *win, const DrawCtx *dc, Rect r)
{
    ExerciseView *v = app->exercise;
    char left[512], right[64] = "";
    snprintf(left, sizeof left, " exercise: %s", v->shown);
    attr_t ra = A_BOLD;
    if (v->check && !exercise_check_done(v->check)) {
        snprintf(right, sizeof right, "checking %.1f s", now_monotonic() - v->check_started);
        ra |= pane_pair(dc, PANE_PAIR_GOOD);
    } else if (v->check) {
        const CheckVerdict *vd = exercise_check_verdict(v->check);
        snprintf(right, sizeof right, "%s", check_state_word(vd->state));
        ra |= pane_pair(dc, vd->state == CHECK_PASSED ? PANE_PAIR_GOOD : PANE_PAIR_ERROR);
    }
    int rl = right[0] ? pane_cols(right) + 2 : 0;
    if (rl + 10 > r.w)
        rl = 0;
    pane_line(win, dc, r.y, r.x, r.w - rl, left, A_BOLD);
    if (rl) {
        mvwaddch(win, r.y, r.x + r.w - rl, ' ');
        pane_line(win, dc, r.y, r.x + r.w - rl + 1, rl - 1, right, ra);
    }
}

/* text wrapped into at most max rows of w columns (each a copy). */
static int wrap_rows(const char *text, int w, char rows[][512], int max)
{
    int n = 0;
    size_t len = strlen(text), at = 0;
    while (at < len && n < max && w > 0) {
        while (at < len && text[at] == ' ')
            at++;
        if (at == len)
            break;
        size_t fit = text_wrap_row(text + at, len - at, w);
        snprintf(rows[n++], 512, "%.*s", (int)fit, text + at);
        at += fit;
    }
    return n;
}

/* A traced check (`trace: true`): its threads' timeline and the trace
 * line (cores busy, overlap, the trace's verdict) at the bottom of r, as
 * a traced run step's panes show them; the output keeps four rows above
 * them at least. Returns the rows they took. */
static int draw_trace(ExerciseView *v, WINDOW *win, const DrawCtx *dc, Rect r)
{
    PaneView pv = {.dc = *dc};
    PaneSize ts = trace_pane_class.size(&v->trace, &pv, r);
    int line_h = ts.rows < r.h - 4 ? ts.rows : r.h - 4;
    if (line_h < 1)
        return 0;
    /* the timeline: its title, axis, legend and a row per thread, in at
     * most half the room left (and two rows) */
    int room = r.h - 4 - line_h, rows = v->trace.nthreads > 0 ? v->trace.nthreads : 1;
    int tl_h = 3 + rows;
    if (tl_h > room / 2 + 2)
        tl_h = room / 2 + 2;
    if (room < 4 || tl_h < 4)
        tl_h = 0;
    if (tl_h > 0) {
        Rect tl = {r.y + r.h - line_h - tl_h, r.x, tl_h, r.w};
        timeline_draw(win, &tl, &v->trace, dc, &(TimelineView){.cell_s = 0.001});
    }
    trace_pane_class.draw(win, (Rect){r.y + r.h - line_h, r.x, line_h, r.w}, &v->trace, &pv);
    return tl_h + line_h;
}

static void draw_footer(App *app, WINDOW *win, const DrawCtx *dc, Rect r)
{
    ExerciseView *v = app->exercise;
    char buf[512];
    attr_t a = A_DIM;
    if (v->notice) {
        snprintf(buf, sizeof buf, " %s", v->notice);
        a = v->notice_bad ? A_BOLD | pane_pair(dc, PANE_PAIR_ERROR) : A_BOLD;
    } else {
        exercise_key_hints(buf, sizeof buf);
    }
    pane_line(win, dc, r.y, r.x, r.w, buf, a);
}

void exercise_draw(App *app, WINDOW *win, int y, int x, int h, int w)
{
    ExerciseView *v = app->exercise;
    if (!v->ex || h <= 0 || w <= 0)
        return;
    if (!v->colors_done && app->caps.color && has_colors())
        pane_init_colors();
    v->colors_done = true;
    DrawCtx dc = {app->caps, app->caps.color && has_colors(), false};
    Rect all = {y, x, h, w};
    pane_blank(win, &all);
    if (h < 6 || w < 20) {
        pane_text(win, &dc, y, x, w, "enlarge the terminal for the exercise", A_BOLD);
        return;
    }
    draw_header(app, win, &dc, (Rect){y, x, 1, w});
    attr_t va = A_NORMAL;
    char *verdict = verdict_text(app, &va, &dc);
    char rows[VERDICT_MAX_ROWS][512];
    int nv = verdict ? wrap_rows(verdict, w - 2, rows, VERDICT_MAX_ROWS) : 0;
    free(verdict);
    Rect out = {y + 1, x, h - 2 - nv, w};
    if (v->ex->check.trace)
        out.h -= draw_trace(v, win, &dc, out);
    refresh_output(v);
    char *cmd = v->ex->check.command ? xasprintf("output of %s", v->ex->check.command)
                                     : xasprintf("output of the checker %s", v->ex->check.script);
    output_draw(win, &out, &v->out, &dc, cmd, NULL, 0);
    free(cmd);
    for (int i = 0; i < nv; i++) {
        pane_line(win, &dc, y + h - 1 - nv + i, x, 1, "", va);
        pane_line(win, &dc, y + h - 1 - nv + i, x + 1, w - 1, rows[i], va);
    }
    draw_footer(app, win, &dc, (Rect){y + h - 1, x, 1, w});
}

/* ---- the step's text ---- */

void exercise_render(App *app, Doc *d, int width)
{
    ExerciseView *v = app->exercise;
    if (!v->ex)
        return;
    bool ascii = app->caps.ascii;
    const LessonExercise *ex = v->ex;
    doc_blank(d);
    char *line = xasprintf("**Exercise:** make `%s` pass its check. Press **o** to open it in your "
                           "editor, or edit it anywhere: every save is checked, and **r** checks it now.",
                           v->shown);
    render_markup(d, line, width, ascii, ROLE_NORMAL);
    free(line);
    const char *traced = ex->check.trace ? " under corelab trace" : "";
    if (ex->check.command && ex->check.expect)
        line = xasprintf("The check runs `%s`%s and looks for \"%s\" in what it prints.", ex->check.command,
                         traced, ex->check.expect);
    else if (ex->check.command)
        line = xasprintf("The check runs `%s`%s; it passes when that succeeds.", ex->check.command, traced);
    else
        line = xasprintf("The checker `%s` runs your file%s and says what it found.", ex->check.script, traced);
    doc_blank(d);
    render_markup(d, line, width, ascii, ROLE_DIM);
    free(line);
    const StepProgress *sp = progress_step(&app->progress, v->lesson->id, v->step_no);
    int shown = sp ? sp->exercise.hints : 0;
    for (int i = 0; i < shown && (size_t)i < ex->hints.n; i++) {
        char prefix[32];
        snprintf(prefix, sizeof prefix, "Hint %d: ", i + 1);
        doc_blank(d);
        render_inline(d, ex->hints.items[i], width, ascii, prefix, ROLE_HINT);
    }
    if (sp && sp->exercise.solution_shown) {
        doc_blank(d);
        doc_adds(d, "You have seen the solution (a shows it again).", ROLE_DIM);
        doc_newline(d);
    }
}
