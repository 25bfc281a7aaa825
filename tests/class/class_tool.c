/* class_tool: drives src/class/ from tests and the benchmark, one protocol
 * operation per invocation (run as different users with runuser). Prints
 * JSON; exit 1 with the library's message on stderr when it refuses. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "class/class.h"
#include "util/json_out.h"
#include "util/util.h"

static int fail(char *err)
{
    fprintf(stderr, "class_tool: %s\n", err ? err : "failed");
    free(err);
    return 1;
}

static void put_pace(JsonOut *j, const ClassPace *p)
{
    json_kstr(j, "lesson", p->lesson);
    json_kint(j, "step", p->step);
    json_kint(j, "seq", p->seq);
    json_kbool(j, "away", p->away);
    json_kbool(j, "clear_flags_on_step", p->clear_flags_on_step);
    json_knum(j, "timer_in", p->timer_end > 0 ? p->timer_end - now_wall() : -1);
}

static void begin(JsonOut *j)
{
    json_init(j);
    json_obj_begin(j);
}

static int emit(JsonOut *j)
{
    json_obj_end(j);
    int rc = json_write_line(j, stdout);
    json_free(j);
    return rc == 0 ? 0 : 1;
}

/* teach DIR LESSON STEP [--no-clear] [--timer S] */
static int cmd_teach(int argc, char **argv)
{
    bool clear = true, away = false;
    double timer = -1;
    for (int i = 4; i < argc; i++) {
        if (strcmp(argv[i], "--no-clear") == 0)
            clear = false;
        else if (strcmp(argv[i], "--away") == 0)
            away = true;
        else if (strcmp(argv[i], "--timer") == 0 && i + 1 < argc)
            timer = atof(argv[++i]);
    }
    char *err = NULL;
    double now = now_wall();
    ClassTeach *t = class_teach_open(argv[1], clear, now, &err);
    if (!t)
        return fail(err);
    if (class_teach_set_step(t, argv[2], atoi(argv[3]), now, &err) < 0
        || (timer >= 0 && class_teach_set_timer(t, timer, now, &err) < 0)) {
        class_teach_free(t);
        return fail(err);
    }
    JsonOut j;
    begin(&j);
    put_pace(&j, class_teach_pace(t));
    if (away)
        class_teach_close(t, now);
    else
        class_teach_free(t);
    return emit(&j);
}

static void put_roster(JsonOut *j, const ClassRoster *r, double now)
{
    json_kint(j, "done", r->done);
    json_kint(j, "help", r->help);
    json_kint(j, "live", r->live);
    json_kint(j, "stale", r->stale);
    json_kint(j, "refused", (int64_t)r->refused);
    json_kint(j, "junk_total", (int64_t)r->junk_total);
    json_kint(j, "unexamined", (int64_t)r->unexamined);
    json_kint(j, "entries", (int64_t)r->entries);
    json_knum(j, "scan_ms", r->scan_s * 1000.0);
    json_key(j, "junk");
    json_arr_begin(j);
    for (size_t i = 0; i < r->n_junk; i++) {
        json_obj_begin(j);
        json_kstr(j, "owner", r->junk[i].owner);
        json_kint(j, "n", (int64_t)r->junk[i].n);
        json_obj_end(j);
    }
    json_arr_end(j);
    json_key(j, "students");
    json_arr_begin(j);
    for (size_t i = 0; i < r->n; i++) {
        const ClassStudent *s = &r->items[i];
        json_obj_begin(j);
        json_kstr(j, "user", s->st.user);
        json_kstr(j, "lesson", s->st.lesson);
        json_kint(j, "step", s->st.step);
        json_kstr(j, "flag", class_flag_name(s->st.flag));
        json_kbool(j, "flag_current", s->flag_current);
        json_kbool(j, "stale", s->stale);
        json_kbool(j, "roaming", s->st.roaming);
        json_kbool(j, "squatted", s->squatted);
        json_kstr(j, "squatter", s->squatter);
        json_knum(j, "last_seen_ago", now - s->last_seen);
        json_kint(j, "answers", s->st.n_answers);
        json_knum(j, "stuck_s", s->stuck_s);
        json_obj_end(j);
    }
    json_arr_end(j);
    json_key(j, "squats");
    json_arr_begin(j);
    for (size_t i = 0; i < r->n_squats; i++) {
        json_obj_begin(j);
        json_kstr(j, "name", r->squats[i].name);
        json_kstr(j, "owner", r->squats[i].owner);
        json_obj_end(j);
    }
    json_arr_end(j);
}

/* roster DIR [--later S] [--no-clear]: scan as the instructor, S seconds in
 * the future */
static int cmd_roster(int argc, char **argv)
{
    double later = 0;
    bool clear = true;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--later") == 0 && i + 1 < argc)
            later = atof(argv[++i]);
        else if (strcmp(argv[i], "--no-clear") == 0)
            clear = false;
    }
    char *err = NULL;
    double now = now_wall();
    ClassTeach *t = class_teach_open(argv[1], clear, now, &err);
    if (!t)
        return fail(err);
    /* Every entry examined, as the running teach has after a few scans. */
    const ClassRoster *r = class_teach_scan_all(t, now + later, &err);
    if (!r) {
        class_teach_free(t);
        return fail(err);
    }
    JsonOut j;
    begin(&j);
    put_roster(&j, r, now + later);
    class_teach_free(t);
    return emit(&j);
}

/* follow DIR: open and poll once; prints the pace or waiting */
static int cmd_follow(int argc, char **argv)
{
    (void)argc;
    char *err = NULL;
    ClassFollow *f = class_follow_open(argv[1], now_wall(), &err);
    if (!f)
        return fail(err);
    JsonOut j;
    begin(&j);
    const ClassPace *p = class_follow_pace(f);
    json_kbool(&j, "waiting", p == NULL);
    json_kstr(&j, "instructor", class_follow_instructor(f));
    if (p)
        put_pace(&j, p);
    class_follow_close(f);
    return emit(&j);
}

/* The answers of a record, given as its "answers" array. */
static int set_answers(ClassStatus *s, const char *lesson, const char *answers)
{
    char *text = xasprintf("{\"answers_lesson\":\"%s\",\"answers\":%s}", lesson, answers);
    ClassStatus parsed;
    const char *why;
    int rc = class_status_from_json(text, strlen(text), &parsed, &why);
    free(text);
    if (rc < 0)
        return fail(xasprintf("bad --answers: %s", why));
    class_status_answers_for(s, lesson);
    memcpy(s->answers, parsed.answers, sizeof s->answers);
    s->n_answers = parsed.n_answers;
    return 0;
}

/* student DIR STEP FLAG [--roaming] [--at T] [--answers JSON]: write this
 * user's status under the current pace (at wall time T) */
static int cmd_student(int argc, char **argv)
{
    char *err = NULL;
    double now = now_wall();
    const char *answers = NULL;
    bool roaming = false;
    for (int i = 4; i < argc; i++) {
        if (strcmp(argv[i], "--roaming") == 0)
            roaming = true;
        else if (strcmp(argv[i], "--at") == 0 && i + 1 < argc)
            now = atof(argv[++i]);
        else if (strcmp(argv[i], "--answers") == 0 && i + 1 < argc)
            answers = argv[++i];
    }
    ClassFollow *f = class_follow_open(argv[1], now, &err);
    if (!f)
        return fail(err);
    const ClassPace *p = class_follow_pace(f);
    static ClassStatus s;
    if (p)
        snprintf(s.lesson, sizeof s.lesson, "%s", p->lesson);
    s.step = atoi(argv[2]);
    ClassFlag flag;
    if (!class_flag_parse(argv[3], &flag)) {
        class_follow_close(f);
        return fail(xasprintf("bad flag %s", argv[3]));
    }
    if (answers && set_answers(&s, s.lesson, answers) != 0) {
        class_follow_close(f);
        return 1;
    }
    class_status_set_flag(&s, flag, p);
    s.roaming = roaming;
    if (class_follow_write_status(f, &s, now, &err) < 0) {
        class_follow_close(f);
        return fail(err);
    }
    JsonOut j;
    begin(&j);
    json_kstr(&j, "entry", class_follow_entry_name(f));
    class_follow_close(f);
    return emit(&j);
}

static void sleep_s(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    nanosleep(&ts, NULL);
}

#define LAGS_MAX 4096

/* A measure taken again and again: its count, sum and maximum, and the
 * first LAGS_MAX values (when kept is set). */
typedef struct {
    int n;
    double sum, max;
    double *kept;
} Tally;

static void tally_add(Tally *t, double v)
{
    if (t->kept && t->n < LAGS_MAX)
        t->kept[t->n] = v;
    t->n++;
    t->sum += v;
    t->max = v > t->max ? v : t->max;
}

static double tally_mean(const Tally *t)
{
    return t->n ? t->sum / t->n : 0;
}

static int tally_kept(const Tally *t)
{
    return t->n < LAGS_MAX ? t->n : LAGS_MAX;
}

/* A record as big as a learner's after a lesson: n steps answered. */
static void bench_answers(ClassStatus *s, int n, double now)
{
    class_status_answers_for(s, "bench");
    for (int k = 1; k <= n; k++) {
        ClassAnswer *a = class_status_answer(s, k);
        if (!a)
            break;
        a->quiz_choice = k % 4 + 1;
        a->quiz_right = k % 3 == 0;
        a->predicted = k % 2 == 0;
        a->predict_value = 1.5 * k;
        a->exercise = k % 5 == 0 ? CLASS_EX_PASSED : CLASS_EX_TRYING;
        a->attempts = k;
        a->tried_since = now - 60.0 * k;
        a->seconds = 30.0 * k;
    }
}

static void put_lags(JsonOut *j, const double *lags, int n)
{
    json_key(j, "lags_ms");
    json_arr_begin(j);
    for (int i = 0; i < n; i++)
        json_int(j, (int64_t)(lags[i] * 1000.0 + 0.5));
    json_arr_end(j);
}

/* bench-follow DIR SECONDS [--answers N]: a follower as corelab follow runs
 * it: poll every CLASS_POLL_S, clear flags on a new step, keep the status
 * heartbeat (with N steps answered). */
static int cmd_bench_follow(int argc, char **argv)
{
    static ClassStatus s;
    static double lags[LAGS_MAX];
    Tally lag = {.kept = lags};
    double secs = atof(argv[2]), start = now_wall();
    char *err = NULL;
    ClassFollow *f = class_follow_open(argv[1], start, &err);
    if (!f)
        return fail(err);
    if (argc > 4 && strcmp(argv[3], "--answers") == 0)
        bench_answers(&s, atoi(argv[4]), start);
    long seq = -1;
    unsigned long stats0 = class_follow_stat_calls(f);
    double t0 = now_wall(), now = t0;
    while ((now = now_wall()) - t0 < secs) {
        ClassPollResult pr = class_follow_poll(f, now, &err);
        if (pr == CLASS_POLL_ERROR)
            goto failed;
        const ClassPace *p = class_follow_pace(f);
        if (pr == CLASS_POLL_CHANGED && p && p->seq != seq) {
            if (seq >= 0)
                tally_add(&lag, now - p->step_started);
            seq = p->seq;
            s.step = p->step;
            snprintf(s.lesson, sizeof s.lesson, "%s", p->lesson);
            class_status_on_pace(&s, p);
            class_status_set_flag(&s, lag.n % 3 == 0 ? CLASS_FLAG_DONE : CLASS_FLAG_NONE, p);
            if (class_follow_write_status(f, &s, now, &err) < 0)
                goto failed;
        } else if (class_follow_tick(f, &s, now, &err) < 0) {
            goto failed;
        }
        sleep_s(CLASS_POLL_S);
    }
    double elapsed = now_wall() - t0;
    JsonOut j;
    begin(&j);
    json_knum(&j, "seconds", elapsed);
    json_kint(&j, "stat_calls", (int64_t)(class_follow_stat_calls(f) - stats0));
    json_knum(&j, "stats_per_s", (double)(class_follow_stat_calls(f) - stats0) / elapsed);
    json_kint(&j, "reads", (int64_t)class_follow_reads(f));
    json_kint(&j, "changes", lag.n);
    json_knum(&j, "lag_max_s", lag.max);
    json_knum(&j, "lag_mean_s", tally_mean(&lag));
    put_lags(&j, lags, tally_kept(&lag));
    class_follow_close(f);
    return emit(&j);
failed:
    class_follow_close(f);
    return fail(err);
}

/* User and system CPU time of this process so far. */
static double cpu_seconds(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) < 0)
        return 0;
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec
        + ru.ru_stime.tv_usec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The q-quantile of v (sorted in place); 0 for none. */
static double percentile(double *v, int n, double q)
{
    if (n <= 0)
        return 0;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    int k = (int)(q * (n - 1) + 0.5);
    return v[k];
}

/* scan-bench DIR N: N scans of DIR as its instructor (reading only): the
 * first (every entry new) and the steady ones after. */
static int cmd_scan_bench(int argc, char **argv)
{
    (void)argc;
    int n = atoi(argv[2]);
    char *err = NULL;
    double now = now_wall();
    ClassTeach *t = class_teach_open_reader(argv[1], now, &err);
    if (!t)
        return fail(err);
    double first = 0;
    Tally steady = {0};
    const ClassRoster *r = NULL;
    for (int i = 0; i < n; i++) {
        r = class_teach_scan(t, now, &err);
        if (!r) {
            class_teach_free(t);
            return fail(err);
        }
        if (i == 0)
            first = r->scan_s;
        else if (r->unexamined == 0) /* steady: nothing left to examine */
            tally_add(&steady, r->scan_s);
    }
    JsonOut j;
    begin(&j);
    json_knum(&j, "first_ms", first * 1000);
    json_knum(&j, "steady_ms_mean", tally_mean(&steady) * 1000);
    json_knum(&j, "steady_ms_max", steady.max * 1000);
    json_kint(&j, "entries", r ? (int64_t)r->entries : 0);
    json_kint(&j, "junk_total", r ? (int64_t)r->junk_total : 0);
    json_kint(&j, "students", r ? (int64_t)r->n : 0);
    class_teach_free(t);
    return emit(&j);
}

static void put_scan(int phase, const ClassRoster *r)
{
    JsonOut j;
    begin(&j);
    json_kint(&j, "phase", phase);
    json_kint(&j, "students", (int64_t)r->n);
    json_kint(&j, "unread", (int64_t)r->unread);
    json_obj_end(&j);
    json_write_line(&j, stdout);
    json_free(&j);
}

/* budget DIR GO_FILE: every entry read (phase 1), then, once GO_FILE
 * exists (the test rewrote the students' files meanwhile), two scans
 * (phases 2 and 3): what one scan leaves for the next. */
static int cmd_budget(int argc, char **argv)
{
    (void)argc;
    char *err = NULL;
    double now = now_wall();
    ClassTeach *t = class_teach_open_reader(argv[1], now, &err);
    const ClassRoster *r = t ? class_teach_scan_all(t, now, &err) : NULL;
    if (!r) {
        class_teach_free(t);
        return fail(err);
    }
    put_scan(1, r);
    for (int i = 0; i < 600 && !path_is_file(argv[2]); i++)
        sleep_s(0.05);
    for (int phase = 2; r && phase <= 3; phase++)
        if ((r = class_teach_scan(t, now, &err)) != NULL)
            put_scan(phase, r);
    class_teach_free(t);
    return r ? 0 : fail(err);
}

/* bench-teach DIR SECONDS [STEP_S]: the instructor moves a step every STEP_S
 * seconds (default 2: far faster than a real class) and scans students/
 * once a second. */
static int cmd_bench_teach(int argc, char **argv)
{
    double secs = atof(argv[2]);
    double step_s = argc > 3 ? atof(argv[3]) : 2.0;
    char *err = NULL;
    double t0 = now_wall(), now;
    ClassTeach *t = class_teach_open(argv[1], true, t0, &err);
    if (!t)
        return fail(err);
    int step = 1, live = 0;
    double next_step = t0 + step_s;
    static double scan_times[LAGS_MAX], scan_cpu[LAGS_MAX];
    Tally scan = {.kept = scan_times}, cpu = {.kept = scan_cpu};
    double cpu0 = cpu_seconds();
    if (class_teach_set_step(t, "bench", step, t0, &err) < 0)
        goto failed;
    while ((now = now_wall()) - t0 < secs) {
        if (now >= next_step) {
            if (class_teach_set_step(t, "bench", ++step, now, &err) < 0)
                goto failed;
            next_step += step_s;
        }
        if (class_teach_tick(t, now, &err) < 0)
            goto failed;
        const ClassRoster *r = class_teach_scan(t, now, &err);
        if (!r)
            goto failed;
        tally_add(&scan, r->scan_s);
        tally_add(&cpu, r->scan_cpu_s);
        live = r->live;
        sleep_s(CLASS_SCAN_S);
    }
    JsonOut j;
    begin(&j);
    json_kint(&j, "steps", step);
    json_kint(&j, "scans", scan.n);
    json_kint(&j, "live", live);
    json_knum(&j, "scan_ms_mean", tally_mean(&scan) * 1000);
    json_knum(&j, "scan_ms_max", scan.max * 1000);
    json_knum(&j, "scan_ms_p50", percentile(scan_times, tally_kept(&scan), 0.5) * 1000);
    json_knum(&j, "scan_ms_p95", percentile(scan_times, tally_kept(&scan), 0.95) * 1000);
    json_knum(&j, "scan_cpu_ms_p95", percentile(scan_cpu, tally_kept(&cpu), 0.95) * 1000);
    json_knum(&j, "cpu_s", cpu_seconds() - cpu0);
    json_knum(&j, "elapsed_s", now_wall() - t0);
    class_teach_close(t, now_wall());
    return emit(&j);
failed:
    class_teach_free(t);
    return fail(err);
}

/* Each command, the fewest arguments it takes (its name counted) and its
 * usage. */
static const struct {
    const char *name;
    int min_args;
    const char *usage;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"teach", 4, "teach DIR LESSON STEP [--no-clear] [--timer S] [--away]", cmd_teach},
    {"roster", 2, "roster DIR [--later S] [--no-clear]", cmd_roster},
    {"follow", 2, "follow DIR", cmd_follow},
    {"student", 4, "student DIR STEP none|done|help [--roaming] [--at T] [--answers JSON]", cmd_student},
    {"bench-follow", 3, "bench-follow DIR SECONDS [--answers N]", cmd_bench_follow},
    {"bench-teach", 3, "bench-teach DIR SECONDS", cmd_bench_teach},
    {"scan-bench", 3, "scan-bench DIR N", cmd_scan_bench},
    {"budget", 3, "budget DIR GO_FILE", cmd_budget},
};

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    if (argc < 2)
        return fail(xstrdup("usage: class_tool teach|roster|follow|student|bench-follow|bench-teach ..."));
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[1], commands[i].name) != 0)
            continue;
        if (argc - 1 < commands[i].min_args)
            return fail(xasprintf("usage: %s", commands[i].usage));
        return commands[i].run(argc - 1, argv + 1);
    }
    return fail(xasprintf("unknown command %s", argv[1]));
}
