/* ui/exercise_view: the exercise of the step shown. On display its
 * workspace file is made (the starter copied when the learner has none,
 * never over theirs), watched, and checked; every save checks it again,
 * stopping a check still running. A check's end goes into the progress
 * file when the learner caused it (a save, the editor, r) or it passed:
 * the check that runs when the step is first shown is no attempt. */
#include "ui/practice_ui.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cluster/cluster.h"

#define REDRAW_S 0.1  /* the pane is redrawn at most this often */
#define AFTER_EDITOR_S 0.25 /* the editor's last save is seen by then */
#define NOTICE_S 8.0  /* what just happened stays this long in the footer */

void practice_ui_new(App *app)
{
    app->exercise = xcalloc(1, sizeof *app->exercise);
    model_init(&app->exercise->out);
    model_init(&app->exercise->trace);
    linereader_init(&app->exercise->trace_lr);
    app->exercise->editor.pid = -1;
    app->predict = xcalloc(1, sizeof *app->predict);
}

static void set_text(char **field, char *text)
{
    free(*field);
    *field = text;
}

/* Everything of the step shown: its check stopped, its watch closed. */
static void clear_step(ExerciseView *v)
{
    exercise_check_free(v->check);
    v->check = NULL;
    if (v->watch)
        file_watch_close(v->watch);
    v->watch = NULL;
    if (v->ex)
        practice_files_free(&v->files);
    set_text(&v->shown, NULL);
    set_text(&v->problem, NULL);
    set_text(&v->notice, NULL);
    set_text(&v->solution, NULL);
    v->ex = NULL;
    v->lesson = NULL;
    v->file_gone = v->passed = v->counted = false;
    v->check_due = 0;
    v->ask = EX_ASK_NONE;
    model_reset(&v->out);
    v->out_stale = false;
    model_reset(&v->trace);
}

void practice_ui_free(App *app)
{
    ExerciseView *v = app->exercise;
    if (!v)
        return;
    clear_step(v);
    model_free(&v->out);
    model_free(&v->trace);
    linereader_free(&v->trace_lr);
    free(v->root);
    free(v->root_note);
    free(v->editor.name);
    free(v);
    free(app->predict);
    app->exercise = NULL;
    app->predict = NULL;
}

void exercise_mark(App *app) { app->exercise->dirty = true; }

void exercise_notice(App *app, bool bad, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    StrBuf b;
    strbuf_init(&b);
    strbuf_vaddf(&b, fmt, ap);
    va_end(ap);
    set_text(&app->exercise->notice, strbuf_detach(&b));
    app->exercise->notice_bad = bad;
    app->exercise->notice_until = now_monotonic() + (bad ? 2 * NOTICE_S : NOTICE_S);
    exercise_mark(app);
}

/* A relative root is taken from the folder corelab started in, once: the
 * check and the editor run inside the workspace. */
static char *absolute_root(const char *root)
{
    if (root[0] == '/' || root[0] == '~')
        return xstrdup(root);
    char *cwd = getcwd(NULL, 0);
    char *r = cwd ? path_join(cwd, root) : xstrdup(root);
    free(cwd);
    return r;
}

/* --workspace, else the config's `workspace` (read once), else NULL. */
static const char *workspace_root(App *app)
{
    ExerciseView *v = app->exercise;
    if (v->root_known)
        return v->root;
    v->root_known = true;
    if (app->cfg.workspace) {
        v->root = absolute_root(app->cfg.workspace);
        return v->root;
    }
    ClusterConfig c;
    char *err = NULL;
    if (cluster_config_load(&c, &err) == 0 && c.workspace && *c.workspace)
        v->root = absolute_root(c.workspace);
    v->root_note = err;
    cluster_config_free(&c);
    return v->root;
}

/* The learner's file made ready and watched; false with v->problem set. */
static bool prepare(App *app)
{
    ExerciseView *v = app->exercise;
    bool copied = false;
    char *err = NULL;
    set_text(&v->problem, NULL);
    if (practice_workspace_prepare(&v->files, &copied, &err) < 0) {
        set_text(&v->problem, err);
        exercise_mark(app);
        return false;
    }
    if (copied)
        exercise_notice(app, false, "the starter was copied to %s", v->shown);
    if (!v->watch)
        v->watch = file_watch_open(v->files.file, false);
    return true;
}

void exercise_set_step(App *app)
{
    ExerciseView *v = app->exercise;
    const Lesson *l = app_cur_lesson(app);
    const LessonStep *s = app_cur_step(app);
    const LessonExercise *ex = s ? s->exercise : NULL;
    if (ex && ex == v->ex && l == v->lesson)
        return;
    clear_step(v);
    if (!ex)
        return;
    v->lesson = l;
    v->ex = ex;
    v->step_no = (int)app->step + 1;
    practice_files_init(&v->files, workspace_root(app), l, ex);
    v->shown = practice_display_path(v->files.file);
    if (prepare(app))
        exercise_check_now(app, false);
    if (v->root_note) { /* the config's trouble, once; the default stands */
        char *shown = practice_display_path(v->root_note);
        exercise_notice(app, true, "the workspace is ~/corelab-work: %s", shown);
        free(shown);
        set_text(&v->root_note, NULL);
    }
}

bool exercise_active(const App *app) { return app->exercise && app->exercise->ex; }

bool exercise_passed(const App *app) { return exercise_active(app) && app->exercise->passed; }

/* The learner's file is gone: no check, and a line on what to do. Nothing
 * is put back without asking. */
static void file_gone(App *app)
{
    ExerciseView *v = app->exercise;
    exercise_check_free(v->check);
    v->check = NULL;
    v->file_gone = true;
    v->passed = false;
    set_text(&v->problem, xasprintf("%s is gone: x puts the starter there again (asks first), or save "
                                    "your file from your editor", v->shown));
    exercise_mark(app);
}

bool exercise_ready(App *app)
{
    ExerciseView *v = app->exercise;
    /* the workspace could not be made before: try again */
    return v->ex && (v->watch || prepare(app));
}

/* The learner's file is still the starter (as the step first showed it,
 * or just reset): checking it is no attempt of theirs. */
static bool still_starter(const ExerciseView *v)
{
    size_t a = 0, b = 0;
    char *mine = read_file_bounded(v->files.file, 1u << 20, &a, false);
    char *starter = read_file_bounded(v->files.starter, 1u << 20, &b, false);
    bool same = mine && starter && a == b && memcmp(mine, starter, a) == 0;
    free(mine);
    free(starter);
    return same;
}

/* A traced check's records (`trace: true`): into the trace model. */
static void trace_records(void *ctx, const char *data, size_t len)
{
    ExerciseView *v = ctx;
    linereader_feed(&v->trace_lr, data, len, stream_line_fn, &v->trace);
    v->dirty = true;
}

void exercise_check_now(App *app, bool by_learner)
{
    ExerciseView *v = app->exercise;
    if (!exercise_ready(app))
        return;
    if (!path_is_file(v->files.file)) {
        file_gone(app);
        return;
    }
    if (v->file_gone || v->problem) {
        v->file_gone = false;
        set_text(&v->problem, NULL);
    }
    exercise_check_free(v->check); /* a check still running stops */
    model_reset(&v->trace);
    linereader_free(&v->trace_lr);
    linereader_init(&v->trace_lr);
    CheckTracer tracer = {app->cfg.self_exe ? app->cfg.self_exe : "/proc/self/exe", trace_records, v};
    v->check = exercise_check_start_traced(v->ex, v->lesson->dir, &v->files, &tracer);
    v->by_learner = by_learner && !still_starter(v);
    v->counted = false;
    v->check_due = 0;
    v->check_started = now_monotonic();
    v->out_stale = true;
    exercise_mark(app);
    app->dirty |= DIRTY_STATUS;
}

/* A check has ended: an attempt for the progress file when it counts. */
static void check_ended(App *app)
{
    ExerciseView *v = app->exercise;
    const CheckVerdict *vd = exercise_check_verdict(v->check);
    v->counted = true;
    v->out_stale = true;
    exercise_mark(app);
    app->dirty |= DIRTY_STATUS;
    if (vd->state == CHECK_CANCELLED)
        return;
    v->passed = vd->state == CHECK_PASSED;
    if (!v->passed && (!v->by_learner || vd->state == CHECK_CANNOT_RUN))
        return;
    const StepProgress *sp = progress_step(&app->progress, v->lesson->id, v->step_no);
    bool first_pass = v->passed && !(sp && sp->exercise.passed_at);
    progress_exercise_attempt(&app->progress, v->lesson->id, v->step_no, v->passed, now_wall());
    app->progress_changed = true;
    if (first_pass)
        app_message(app, 8, "passed: %s does it. Well done!", lesson_exercise_name(v->ex));
}

/* The watch saw a save (or the file go). */
static void saved(App *app)
{
    if (!path_is_file(app->exercise->files.file))
        file_gone(app);
    else
        exercise_check_now(app, true);
}

void exercise_service(App *app, double now)
{
    ExerciseView *v = app->exercise;
    editor_poll(app);
    if (!v->ex)
        return;
    if (v->check && exercise_check_pump(v->check, now)) {
        v->out_stale = true;
        v->dirty = true;
    }
    if (v->check && !v->counted && exercise_check_done(v->check))
        check_ended(app);
    if (v->watch && file_watch_changed(v->watch, now))
        saved(app);
    if (v->check_due > 0 && now >= v->check_due)
        exercise_check_now(app, true);
    if (v->notice && now >= v->notice_until) { /* the footer shows the keys again */
        set_text(&v->notice, NULL);
        v->dirty = true;
    }
    if (v->dirty && now >= v->last_draw + REDRAW_S) {
        v->dirty = false;
        v->last_draw = now;
        app->dirty |= DIRTY_PANEL | DIRTY_STATUS;
    }
}

int exercise_pollfds(App *app, struct pollfd *fds, int max)
{
    ExerciseView *v = app->exercise;
    int n = 0;
    int wfd = v->watch ? file_watch_fd(v->watch) : -1;
    int cfd = v->check ? exercise_check_fd(v->check) : -1;
    int rfd = v->check ? exercise_check_records_fd(v->check) : -1;
    if (wfd >= 0 && n < max)
        fds[n++] = (struct pollfd){.fd = wfd, .events = POLLIN};
    if (cfd >= 0 && n < max)
        fds[n++] = (struct pollfd){.fd = cfd, .events = POLLIN};
    if (rfd >= 0 && n < max)
        fds[n++] = (struct pollfd){.fd = rfd, .events = POLLIN};
    return n;
}

static double earlier(double a, double b) { return b >= 0 && (a < 0 || b < a) ? b : a; }

double exercise_wake_in(const App *app, double now)
{
    const ExerciseView *v = app->exercise;
    double t = editor_running(app) ? 0.1 : -1; /* its exit is noticed by then */
    if (!v->ex)
        return t;
    if (v->watch)
        t = earlier(t, file_watch_timeout(v->watch, now));
    if (v->check)
        t = earlier(t, exercise_check_timeout(v->check, now));
    if (v->check_due > 0)
        t = earlier(t, v->check_due > now ? v->check_due - now : 0);
    if (v->notice)
        t = earlier(t, v->notice_until > now ? v->notice_until - now : 0);
    if (v->dirty)
        t = earlier(t, v->last_draw + REDRAW_S > now ? v->last_draw + REDRAW_S - now : 0);
    return t;
}

/* After the editor: one check of what it left, unless a save was seen. */
void exercise_after_editor(App *app, double opened_at)
{
    ExerciseView *v = app->exercise;
    if (v->ex && v->check_started < opened_at)
        v->check_due = now_monotonic() + AFTER_EDITOR_S;
}

const char *exercise_status(App *app)
{
    ExerciseView *v = app->exercise;
    if (!exercise_active(app) || !v->check || exercise_check_done(v->check))
        return "";
    snprintf(v->status, sizeof v->status, "checking %.60s", lesson_exercise_name(v->ex));
    return v->status;
}
