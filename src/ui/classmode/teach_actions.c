/* ui/classmode/teach_actions: the instructor's R and W. R releases the
 * current step's explanation or solution to the class through pace (the
 * followers press v to read it), after a second R within a few seconds:
 * the class cannot un-see it. W writes the class record, as `teach
 * --summary` does, into the instructor's own state folder. */
#include "ui/classmode/classmode_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "practice/practice.h"
#include "util/util.h"

#define REVEAL_CONFIRM_S 5.0 /* a second R within this confirms the first */
#define RECORD_NOTICE_S 60.0 /* the class record's path stays in the side pane */

/* The step the instructor shows, when it has something to release. */
static const LessonStep *releasable(TeachState *s, App *app)
{
    if (!s->lesson || s->step < 1 || (size_t)s->step > s->lesson->n_steps) {
        app_message(app, 5, "no lesson yet");
        return NULL;
    }
    const LessonStep *st = &s->lesson->steps[s->step - 1];
    if (!st->quiz && !st->predict && !st->exercise) {
        app_message(app, 6, "step %d has no quiz, prediction or exercise to release", s->step);
        return NULL;
    }
    if (s->step > CLASS_REVEAL_MAX) {
        app_message(app, 6, "only steps 1 to %d can be released", CLASS_REVEAL_MAX);
        return NULL;
    }
    return st;
}

bool teach_key_reveal(void *ctx, int key)
{
    (void)key;
    UiKeyCtx *k = ctx;
    TeachState *s = k->ctx;
    App *app = k->app;
    const LessonStep *st = releasable(s, app);
    if (!st)
        return true;
    const char *what = st->exercise ? "solution" : "explanation";
    bool on = !class_pace_revealed(class_teach_pace(s->t), s->step);
    double now = now_monotonic();
    if (s->reveal_asked <= 0 || now - s->reveal_asked > REVEAL_CONFIRM_S || s->reveal_step != s->step) {
        s->reveal_asked = now;
        s->reveal_step = s->step;
        app_message(app, REVEAL_CONFIRM_S, "%s step %d's %s? R again: yes", on ? "release" : "withdraw",
                    s->step, what);
        return true;
    }
    s->reveal_asked = 0;
    char *err = NULL;
    if (class_teach_reveal(s->t, s->step, on, now_wall(), &err) < 0) {
        app_message(app, 8, "%s", err);
        free(err);
        return true;
    }
    if (on)
        app_message(app, 10, "step %d's %s released to the class", s->step, what);
    else
        app_message(app, 8, "step %d's %s withdrawn", s->step, what);
    app_redraw_all(app); /* the side pane or the answers screen says it */
    return true;
}

/* The path in the status bar, and whole in the side pane for a while. */
static void say_record(TeachState *s, App *app, size_t n, const char *csv)
{
    char *shown = practice_display_path(csv);
    app_message(app, 20, "class record (%zu student%s): %s and .json", n, n == 1 ? "" : "s", shown);
    snprintf(s->notice, sizeof s->notice, "class record written: %s and .json beside it", shown);
    s->notice_until = now_monotonic() + RECORD_NOTICE_S;
    free(shown);
}

bool teach_key_record(void *ctx, int key)
{
    (void)key;
    UiKeyCtx *k = ctx;
    TeachState *s = k->ctx;
    App *app = k->app;
    char *err = NULL, *csv = NULL, *json = NULL;
    double now = now_wall();
    const ClassRoster *r = class_teach_scan_all(s->t, now, &err);
    if (!r) {
        app_message(app, 10, "%s", err);
        free(err);
        return true;
    }
    s->roster = r; /* the scan made a new one */
    s->scans++;
    teach_answers_update(s, app);
    char *out = xdg_state_dir();
    if (mkdir_p(out, 0700) < 0)
        app_message(app, 10, "cannot make %s for the class record: %s", out, strerror(errno));
    else if (class_summary_write(r, class_teach_pace(s->t), s->dir, out, now, &csv, &json, &err) < 0)
        app_message(app, 10, "%s", err);
    else
        say_record(s, app, r->n, csv);
    free(err);
    free(csv);
    free(json);
    free(out);
    app_redraw_all(app);
    return true;
}
