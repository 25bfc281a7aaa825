/* class/summary: the class record `corelab teach --summary DIR` writes:
 * one CSV row per student and step (long format, for a spreadsheet's pivot
 * table) and one JSON document with every student's answers and each
 * step's totals. Student data: the files are 0600, and they go to the
 * instructor's own directory, never into the shared class directory. */
#include "class/class.h"
#include "answer_json.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/json_out.h"
#include "util/util.h"

static void iso_time(char *out, size_t cap, double t)
{
    out[0] = '\0';
    if (t <= 0 || t > (double)CLASS_TIME_MAX_MS / 1000.0)
        return;
    time_t s = (time_t)t;
    struct tm tm;
    if (gmtime_r(&s, &tm))
        strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A text cell: quoted when it holds a separator or a quote; one that a
 * spreadsheet would take for a formula gets a leading apostrophe. */
static void csv_text(StrBuf *b, const char *s)
{
    bool formula = strchr("=+-@\t\r", s[0]) && s[0];
    bool quote = formula || strpbrk(s, ",\"\n\r") != NULL;
    if (quote)
        strbuf_addc(b, '"');
    if (formula)
        strbuf_addc(b, '\'');
    for (; *s; s++) {
        if (*s == '"')
            strbuf_addc(b, '"');
        strbuf_addc(b, *s);
    }
    if (quote)
        strbuf_addc(b, '"');
}

static const char *exercise_name(ClassExState e)
{
    return e == CLASS_EX_PASSED ? "passed" : e == CLASS_EX_TRYING ? "trying" : "";
}

static void csv_answer(StrBuf *b, const ClassAnswer *a)
{
    char tried[32], passed[32];
    iso_time(tried, sizeof tried, a->tried_since);
    iso_time(passed, sizeof passed, a->passed_at);
    if (a->quiz_choice > 0)
        strbuf_addf(b, "%d,%d,", a->quiz_choice, a->quiz_right);
    else
        strbuf_adds(b, ",,");
    if (a->predicted && a->predict_choice > 0)
        strbuf_addf(b, "%d,%d,", a->predict_choice, a->predict_right);
    else if (a->predicted)
        strbuf_addf(b, "%.6g,%d,", a->predict_value, a->predict_right);
    else
        strbuf_adds(b, ",,");
    strbuf_addf(b, "%s,%d,%d,%d,%s,%s,%d,%d,%.0f\n", exercise_name(a->exercise), a->attempts,
                a->hints, a->solution_shown, tried, passed, a->help, a->done, a->seconds);
}

char *class_summary_csv(const ClassRoster *r, const ClassPace *pace, double now)
{
    (void)pace;
    (void)now;
    StrBuf b;
    strbuf_init(&b);
    strbuf_adds(&b, "user,lesson,step,alive,quiz_choice,quiz_right,predict,predict_right,exercise,"
                    "attempts,hints,solution_shown,tried_since,passed_at,help,done,seconds\n");
    for (size_t i = 0; i < r->n; i++) {
        const ClassStudent *s = &r->items[i];
        const char *lesson = s->st.n_answers ? s->st.answers_lesson : s->st.lesson;
        for (int k = 0; k < s->st.n_answers || (k == 0 && s->st.n_answers == 0); k++) {
            csv_text(&b, s->st.user);
            strbuf_addc(&b, ',');
            csv_text(&b, lesson);
            if (s->st.n_answers == 0) { /* nothing answered: where they are */
                strbuf_addf(&b, ",%d,%d,,,,,,,,,,,,,\n", s->st.step, !s->stale);
                continue;
            }
            strbuf_addf(&b, ",%d,%d,", s->st.answers[k].step, !s->stale);
            csv_answer(&b, &s->st.answers[k]);
        }
    }
    return strbuf_detach(&b);
}

static void json_time(JsonOut *j, const char *key, double t)
{
    char iso[32];
    iso_time(iso, sizeof iso, t);
    if (iso[0])
        json_kstr(j, key, iso);
}

static void json_answer(JsonOut *j, const ClassAnswer *a)
{
    json_obj_begin(j);
    json_kint(j, "step", a->step);
    class_answer_put_choices(j, a, "quiz_choice");
    json_kstr(j, "exercise", a->exercise == CLASS_EX_NONE ? "none" : exercise_name(a->exercise));
    json_kint(j, "attempts", a->attempts);
    json_kint(j, "hints", a->hints);
    json_kbool(j, "solution_shown", a->solution_shown);
    json_time(j, "tried_since", a->tried_since);
    json_time(j, "passed_at", a->passed_at);
    json_kbool(j, "help", a->help);
    json_kbool(j, "done", a->done);
    json_kint(j, "seconds", (int64_t)llround(a->seconds));
    json_obj_end(j);
}

static void json_student(JsonOut *j, const ClassStudent *s)
{
    json_obj_begin(j);
    json_kstr(j, "user", s->st.user);
    json_kstr(j, "lesson", s->st.lesson);
    json_kint(j, "step", s->st.step);
    json_kstr(j, "flag", s->flag_current ? class_flag_name(s->st.flag) : "none");
    json_kbool(j, "alive", !s->stale);
    json_time(j, "last_seen", s->last_seen);
    json_kbool(j, "roaming", s->st.roaming);
    json_kint(j, "quiz_score", s->st.quiz_score);
    json_kint(j, "quiz_total", s->st.quiz_total);
    json_kstr(j, "answers_lesson", s->st.answers_lesson);
    json_key(j, "answers");
    json_arr_begin(j);
    for (int k = 0; k < s->st.n_answers; k++)
        json_answer(j, &s->st.answers[k]);
    json_arr_end(j);
    json_obj_end(j);
}

/* counts[1..n] with n the highest choice anybody took. */
static void json_choices(JsonOut *j, const char *key, const int *counts)
{
    int n = 0;
    for (int k = 1; k <= CLASS_CHOICES_MAX; k++)
        if (counts[k])
            n = k;
    json_key(j, key);
    json_arr_begin(j);
    for (int k = 1; k <= n; k++)
        json_int(j, counts[k]);
    json_arr_end(j);
}

static void json_step(JsonOut *j, const ClassStepStats *st)
{
    json_obj_begin(j);
    json_kint(j, "step", st->step);
    json_kint(j, "students", st->students);
    json_kint(j, "quiz_answered", st->quiz_answered);
    json_kint(j, "quiz_right", st->quiz_right);
    json_choices(j, "quiz_choices", st->quiz_choice);
    json_kint(j, "predicted", st->predicted);
    json_kint(j, "predict_right", st->predict_right);
    json_choices(j, "predict_choices", st->predict_choice);
    json_kint(j, "passed", st->ex_passed);
    json_kint(j, "trying", st->ex_trying);
    json_kint(j, "not_started", st->ex_none);
    if (st->predict_hist.bins > 0) {
        json_key(j, "predict_hist");
        json_obj_begin(j);
        json_knum(j, "lo", st->predict_hist.lo);
        json_knum(j, "hi", st->predict_hist.hi);
        json_key(j, "counts");
        json_arr_begin(j);
        for (int k = 0; k < st->predict_hist.bins; k++)
            json_int(j, st->predict_hist.count[k]);
        json_arr_end(j);
        json_obj_end(j);
    }
    if (st->stuck_user[0]) {
        json_kstr(j, "trying_longest", st->stuck_user);
        json_kint(j, "trying_s", (int64_t)llround(st->stuck_s));
    }
    json_kint(j, "helped", st->helped);
    json_kint(j, "done", st->done);
    json_kint(j, "seconds_mean", (int64_t)llround(st->seconds_mean));
    json_obj_end(j);
}

/* The steps the record speaks of: 1 to the highest any student answered
 * in the class's lesson (or the class's step). */
static int last_step(const ClassRoster *r, const ClassPace *pace)
{
    int last = pace->step;
    for (size_t i = 0; i < r->n; i++) {
        const ClassStatus *s = &r->items[i].st;
        if (s->n_answers && strcmp(s->answers_lesson, pace->lesson) == 0)
            last = s->answers[s->n_answers - 1].step > last ? s->answers[s->n_answers - 1].step : last;
    }
    return last;
}

char *class_summary_json(const ClassRoster *r, const ClassPace *pace, const char *class_dir,
                         double now)
{
    JsonOut j;
    json_init(&j);
    json_obj_begin(&j);
    json_kint(&j, "v", 1);
    json_kstr(&j, "class", class_dir);
    json_time(&j, "written", now);
    json_kstr(&j, "instructor", pace->instructor);
    json_kstr(&j, "lesson", pace->lesson);
    json_kint(&j, "step", pace->step);
    json_key(&j, "students");
    json_arr_begin(&j);
    for (size_t i = 0; i < r->n; i++)
        json_student(&j, &r->items[i]);
    json_arr_end(&j);
    json_key(&j, "steps");
    json_arr_begin(&j);
    int last = pace->lesson[0] ? last_step(r, pace) : 0;
    for (int k = 1; k <= last; k++) {
        ClassStepStats st;
        class_step_stats(r, pace->lesson, k, NAN, now, true, &st);
        json_step(&j, &st);
    }
    json_arr_end(&j);
    json_obj_end(&j);
    json_finish_line(&j);
    return json_detach(&j);
}

/* Whether dir is the class directory or inside it (by real paths). */
static bool inside(const char *dir, const char *class_dir)
{
    char a[PATH_MAX], b[PATH_MAX];
    if (!realpath(dir, a) || !realpath(class_dir, b))
        return false;
    size_t n = strlen(b);
    return strncmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '/' || n == 1);
}

/* "corelab-class-LESSON-20261202-101500": letters, digits, '.', '_', '-'. */
static char *record_stem(const ClassPace *pace, double now)
{
    char lesson[CLASS_NAME_MAX] = "class", stamp[32] = "";
    if (pace->lesson[0]) {
        size_t k = 0;
        for (const char *p = pace->lesson; *p && k + 1 < sizeof lesson; p++)
            lesson[k++] = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *p) ? *p : '_';
        lesson[k] = '\0';
    }
    time_t t = (time_t)now;
    struct tm tm;
    if (localtime_r(&t, &tm))
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    return xasprintf("corelab-class-%s-%s", lesson, stamp);
}

int class_summary_write(const ClassRoster *r, const ClassPace *pace, const char *class_dir,
                        const char *out_dir, double now, char **csv_path, char **json_path,
                        char **err)
{
    *csv_path = *json_path = NULL;
    if (inside(out_dir, class_dir)) {
        *err = xasprintf("%s is inside the class directory, which students can read; write the "
                         "class record elsewhere (--out DIR)", out_dir);
        return -1;
    }
    char *stem = record_stem(pace, now);
    char *csv = class_summary_csv(r, pace, now);
    char *json = class_summary_json(r, pace, class_dir, now);
    char *cp = xasprintf("%s/%s.csv", out_dir, stem), *jp = xasprintf("%s/%s.json", out_dir, stem);
    int rc = 0;
    if (write_file_atomic(cp, csv, strlen(csv), 0600) < 0 || write_file_atomic(jp, json, strlen(json), 0600) < 0) {
        *err = xasprintf("cannot write the class record in %s: %s", out_dir, strerror(errno));
        free(cp);
        free(jp);
        rc = -1;
    } else {
        *csv_path = cp;
        *json_path = jp;
    }
    free(stem);
    free(csv);
    free(json);
    return rc;
}
