/* ui/classmode/teach_mode: `corelab teach`: the walker whose every step
 * change goes to pace, with the roster at the right, done:N help:N in the
 * status bar, the pacing clock and the exercise timer (`t`); above the
 * roster what the class answered at the step (teach_answers.c, `c` full
 * screen), `R` and `W` (teach_actions.c). */
#include "ui/classmode/classmode.h"
#include "ui/classmode/classmode_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"

#define DEFAULT_TIMER_MIN 5

static void teach_step_changed(void *ctx, App *app, const Lesson *lesson, size_t step)
{
    TeachState *s = ctx;
    char *err = NULL;
    s->n_steps = (int)lesson->n_steps;
    s->teaching_min = lesson->teaching;
    s->exercises_min = lesson->exercises;
    if (!s->lesson || strcmp(s->lesson->id, lesson->id) != 0)
        teach_answers_reset(s); /* measures speak of one lesson's steps */
    s->lesson = lesson;
    s->step = (int)step + 1;
    s->reveal_asked = 0;
    teach_answers_update(s, app);
    if (class_teach_set_step(s->t, lesson->id, (int)step + 1, now_wall(), &err) < 0) {
        app_message(app, 8, "%s", err); /* the heartbeat tries again */
        free(err);
        return;
    }
    s->next_scan = 0; /* rescan soon: flags just stopped counting */
    app_redraw_status(app);
    app_redraw_side(app);
}

static const char *teach_status(void *ctx, App *app)
{
    TeachState *s = ctx;
    (void)app;
    const ClassPace *p = class_teach_pace(s->t);
    const ClassRoster *r = s->roster;
    int n = snprintf(s->status, sizeof s->status, "done:%d help:%d  %d here",
                     r ? r->done : 0, r ? r->help : 0, r ? r->live : 0);
    if (p->timer_end > 0 && n > 0 && (size_t)n < sizeof s->status) {
        char clock[16];
        classmode_fmt_clock(clock, sizeof clock, p->timer_end - now_wall());
        snprintf(s->status + n, sizeof s->status - (size_t)n, "  exercise %s", clock);
    }
    return s->status;
}

static double teach_wake_in(void *ctx, double now)
{
    TeachState *s = ctx;
    double t = s->next_scan - now;
    return t < 0 ? 0 : t;
}

static void teach_tick(void *ctx, App *app, double now)
{
    TeachState *s = ctx;
    char *err = NULL;
    double wall = now_wall();
    s->next_scan = now + CLASS_SCAN_S;
    /* A file server hiccup is shown and retried at the next tick, not
     * fatal; a moved class directory is said at once and every 30 s. */
    if (class_teach_tick(s->t, wall, &err) < 0) {
        app_message(app, 8, "%s", err);
        free(err);
        s->problem_said = now;
    } else if (class_teach_problem(s->t) && now - s->problem_said >= 30) {
        app_message(app, 8, "%s", class_teach_problem(s->t));
        s->problem_said = now;
    }
    const ClassRoster *r = class_teach_scan(s->t, wall, &err);
    if (!r) {
        app_message(app, 8, "%s", err);
        free(err);
        return;
    }
    s->roster = r;
    s->scans++;
    teach_answers_update(s, app);
    if (r->help > s->last_help) {
        for (size_t i = 0; i < r->n; i++) {
            if (r->items[i].flag_current && r->items[i].st.flag == CLASS_FLAG_HELP) {
                char who[CLASS_NAME_MAX];
                classmode_fmt_safe(who, sizeof who, r->items[i].st.user);
                app_message(app, 5, "%s asks for help", who);
                break;
            }
        }
    }
    s->last_help = r->help;
    const ClassPace *p = class_teach_pace(s->t);
    if (p->timer_end > 0 && p->timer_end <= wall && p->timer_end > wall - CLASS_SCAN_S) {
        app_message(app, 10, "exercise time is up");
        beep();
    }
    app_redraw_status(app);
    app_redraw_side(app);
}

/* The exercise timer, start or stop. `t` too: on a demo step the panel
 * takes `t` (its table view) before us, so `T` works everywhere. */
static bool key_timer(void *ctx, int key)
{
    (void)key;
    App *app = ((UiKeyCtx *)ctx)->app;
    TeachState *s = ((UiKeyCtx *)ctx)->ctx;
    char *err = NULL;
    double wall = now_wall();
    const ClassPace *p = class_teach_pace(s->t);
    bool running = p->timer_end > wall;
    int minutes = s->exercises_min > 0 ? s->exercises_min : DEFAULT_TIMER_MIN;
    if (class_teach_set_timer(s->t, running ? 0 : minutes * 60.0, wall, &err) < 0) {
        app_message(app, 8, "%s", err);
        free(err);
        return true;
    }
    if (running)
        app_message(app, 3, "exercise timer stopped");
    else
        app_message(app, 3, "exercise timer: %d min for everyone (T stops it)", minutes);
    app_redraw_status(app);
    app_redraw_side(app);
    return true;
}

static int teach_side_width(void *ctx, int cols)
{
    (void)ctx;
    if (cols >= 150)
        return 46; /* room for the quiz column */
    if (cols >= 120)
        return 40;
    return cols >= 80 ? 30 : 0;
}

static void teach_side_draw(void *ctx, App *app, WINDOW *win, int y, int x, int h, int w)
{
    TeachState *s = ctx;
    AnswersView answers;
    teach_answers_view(s, &answers);
    RosterView v = {.roster = s->roster, .pace = class_teach_pace(s->t), .n_steps = s->n_steps,
                    .teaching_min = s->teaching_min, .exercises_min = s->exercises_min,
                    .now = now_wall(), .color = app_caps(app)->color,
                    .problem = class_teach_problem(s->t), .answers = &answers,
                    .notice = s->notice[0] && now_monotonic() < s->notice_until ? s->notice : NULL};
    roster_view_draw(&v, win, y, x, h, w);
}

static void teach_exit(void *ctx, App *app)
{
    TeachState *s = ctx;
    (void)app;
    class_teach_close(s->t, now_wall()); /* followers see "instructor away" */
    s->t = NULL;
}

static const KeyBinding teach_keys[] = {
    {.keys = {'T'}, .names = "T", .what = "exercise timer for everyone: start / stop", .run = key_timer,
     .more = "Start or stop the exercise timer every follower sees."},
    {.keys = {'t'}, .names = "t", .what = "the same where no demo pane uses t", .run = key_timer},
    {.keys = {'c'}, .names = "c", .what = "the class's answers at this step, full screen", .run = teach_key_answers,
     .more = "The class's answers at this step on the whole screen: a bar per choice of a quiz or "
             "prediction, a histogram of predicted numbers with your last measure marked, or who "
             "passed the exercise, who is trying (how long, attempts, hints) and who has not started."},
    {.keys = {'R'}, .names = "R", .what = "release this step's explanation or solution to the class (R twice)",
     .run = teach_key_reveal,
     .more = "Release this step's quiz or prediction explanation, or its exercise's solution, to every "
             "follower (they press v to see it); R asks first and a second R within 5 seconds "
             "confirms. On a released step R withdraws it the same way."},
    {.keys = {'W'}, .names = "W", .what = "write the class record (CSV, JSON) into your own state folder",
     .run = teach_key_record,
     .more = "Write the class record, as teach --summary does, into $XDG_STATE_HOME/corelab (never "
             "into the class directory), and say where."},
    {.names = NULL},
};

const KeySection classmode_teach_keys[] = {
    {"Teaching a class (corelab teach)", teach_keys},
    {0},
};

static const UiModeHooks teach_hooks = {
    .name = "teach", .keys = classmode_teach_keys, .status_text = teach_status, .on_exit = teach_exit,
    .on_step_changed = teach_step_changed, .on_tick = teach_tick, .wake_in = teach_wake_in,
    .side_width = teach_side_width, .side_draw = teach_side_draw,
};

int classmode_teach_main(int argc, char **argv)
{
    ClassOptions o;
    int rc;
    if (!classmode_start(argc, argv, true, &o, &rc))
        return rc;
    if (o.summary_dir)
        return classmode_summary_main(&o);
    char *dir = o.class_dir ? xstrdup(o.class_dir) : classmode_default_dir();
    TeachState s = {.dir = dir};
    teach_answers_reset(&s);
    char *err = NULL;
    s.t = class_teach_open(dir, !o.keep_flags, now_wall(), &err);
    if (!s.t) {
        fprintf(stderr, "corelab teach: %s\n", err);
        free(err);
        free(dir);
        return 1;
    }
    AppConfig cfg = classmode_app_config(&o, &teach_hooks, &s);
    rc = ui_run_with_jupyter(&cfg);
    if (s.t) /* the app ended before its loop (lessons failed to load) */
        class_teach_close(s.t, now_wall());
    if (rc == 0) {
        printf("corelab teach: class %s closed; followers stay on the last step\n", dir);
    }
    free(dir);
    return rc;
}
