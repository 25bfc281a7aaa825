/* practice/check: one run of an exercise's check, driven from a poll loop.
 *
 * The check starts without a shell in its own process group, in the
 * learner's workspace. Its output is read whenever the loop finds the pipe
 * readable. It ends in one of three ways:
 *   - its first process exits: whatever it left behind in the group (pool
 *     workers, a forgotten Process) is killed, and the rest of the output
 *     read;
 *   - the timeout passes: the first process gets SIGINT, so that Python
 *     prints where it was stuck, and the group SIGKILL half a second later;
 *   - it prints more than CHECK_MAX_PRINTED bytes: the group is killed.
 * The group is killed while its leader is still unreaped, so that the
 * process group id cannot have been reused by then.
 *
 * A check with `trace: true` runs under `corelab trace --json`, which keeps
 * the program in its process group: the program's output comes on trace's
 * standard error, read as the output of any check; the JSON records on its
 * standard output go to the caller. Its SIGINT at the timeout goes to the
 * whole group, as Ctrl-C would. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "practice/capture.h"
#include "practice/practice.h"
#include "util/spawn.h"
#include "util/util.h"

extern char **environ;

enum {
    READ_PER_PUMP = 1 << 20, /* the loop gets the terminal back between reads of a flood */
};
#define INTERRUPT_GRACE_S 0.5 /* from SIGINT to SIGKILL */
#define DRAIN_S 1.0           /* output still read after the end */
#define WAKE_S 0.1            /* an exit is noticed this soon without pipe activity */

typedef enum { PHASE_RUNNING, PHASE_INTERRUPTED, PHASE_DRAINING, PHASE_DONE } Phase;

struct ExerciseCheck {
    Phase phase;
    Child child;  /* traced: child.out_fd is trace's stderr, the program's output */
    bool eof;
    bool traced;
    CheckTracer tracer;
    int rec_fd;   /* traced: the records, trace's stdout; -1 when none or closed */
    bool rec_eof;
    Capture cap;
    double start, deadline, phase_until;
    CheckOutcome outcome;
    char *program, *expect, *file_name;
    CheckVerdict verdict;
};

/* Ours plus what makes Python's output arrive in order and as it happens,
 * and keeps __pycache__ out of the workspace. Free only the array. */
static char **check_environment(void)
{
    static char unbuffered[] = "PYTHONUNBUFFERED=1", nobytecode[] = "PYTHONDONTWRITEBYTECODE=1";
    size_t n = 0;
    bool has_unbuffered = false, has_nobytecode = false;
    for (char **e = environ; e && *e; e++, n++) {
        has_unbuffered |= strncmp(*e, "PYTHONUNBUFFERED=", 17) == 0;
        has_nobytecode |= strncmp(*e, "PYTHONDONTWRITEBYTECODE=", 24) == 0;
    }
    char **env = xcalloc(n + 3, sizeof *env);
    memcpy(env, environ, n * sizeof *env);
    if (!has_unbuffered)
        env[n++] = unbuffered;
    if (!has_nobytecode)
        env[n++] = nobytecode;
    return env;
}

/* What the records pipe has now, to the tracer. */
static bool read_records(ExerciseCheck *c)
{
    char buf[65536];
    bool got = false;
    for (int i = 0; i < 16 && c->rec_fd >= 0 && !c->rec_eof; i++) {
        ssize_t r = read(c->rec_fd, buf, sizeof buf);
        if (r > 0) {
            c->tracer.records(c->tracer.ctx, buf, (size_t)r);
            got = true;
        } else if (r == 0 || (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)) {
            c->rec_eof = true;
        } else if (errno != EINTR) {
            break;
        }
    }
    return got;
}

/* corelab trace ends with the program's status, 128+N when signal N ended
 * it, 127 (126) when it could not find (run) it: taken as the program's. */
static void traced_outcome(ExerciseCheck *c, CheckOutcome *o)
{
    if (!o->cancelled)
        read_records(c);
    if (c->rec_fd >= 0)
        close(c->rec_fd);
    c->rec_fd = -1;
    if (!o->exited || !WIFEXITED(o->status))
        return;
    int code = WEXITSTATUS(o->status);
    if (code > 128 && code < 128 + 65)
        o->status = code - 128; /* the wait status of that signal */
    else if ((code == 127 || code == 126) && memmem(o->output, o->len, "corelab trace: ", 15))
        o->spawn_errno = code == 127 ? ENOENT : EACCES;
}

static void finish(ExerciseCheck *c)
{
    if (c->child.out_fd >= 0) {
        close(c->child.out_fd);
        c->child.out_fd = -1;
    }
    CheckOutcome *o = &c->outcome;
    o->output = capture_text(&c->cap, &o->len);
    o->expect_found = c->cap.found;
    o->exited = c->child.exited;
    o->status = c->child.status;
    o->seconds = now_monotonic() - c->start;
    if (c->traced)
        traced_outcome(c, o);
    check_verdict_make(o, &c->verdict);
    c->phase = PHASE_DONE;
}

/* A check that ends before it starts. */
static ExerciseCheck *cannot_start(ExerciseCheck *c, const char *line)
{
    c->verdict.state = CHECK_CANNOT_RUN;
    c->verdict.line = xstrdup(line);
    c->phase = PHASE_DONE;
    return c;
}

/* The argv of the check, or NULL (with *why set when there is more to
 * say than that the command does not split; caller frees). */
static char **check_argv(const LessonExercise *ex, const char *lesson_dir, const char *file, char **why)
{
    if (ex->check.command)
        return lesson_run_argv(ex->check.command);
    char *shipped = path_join(lesson_dir, ex->check.script);
    char *checker = realpath(shipped, NULL);
    if (!checker || !path_is_file(checker)) {
        *why = xasprintf("could not run the check: the checker %s is missing", shipped);
        free(shipped);
        free(checker);
        return NULL;
    }
    free(shipped);
    bool py = lesson_checker_is_python(ex->check.script);
    char **argv = xcalloc(4, sizeof *argv);
    int i = 0;
    if (py)
        argv[i++] = xstrdup("python3");
    argv[i++] = checker;
    argv[i++] = xstrdup(file);
    return argv;
}

/* `CORELAB trace --json -- ARGV...` (argv taken over). */
static char **traced_argv(const char *corelab, char **argv)
{
    size_t n = 0;
    while (argv[n])
        n++;
    char **t = xcalloc(n + 5, sizeof *t);
    t[0] = xstrdup(corelab);
    t[1] = xstrdup("trace");
    t[2] = xstrdup("--json");
    t[3] = xstrdup("--");
    memcpy(t + 4, argv, n * sizeof *argv);
    free(argv);
    return t;
}

/* The check's child, traced or not; 0 or an errno value. */
static int spawn_check(ExerciseCheck *c, char **argv, const SpawnOpts *opts)
{
    if (!c->traced)
        return spawn_child(argv, opts, &c->child);
    int err_fd = -1;
    int rc = spawn_child_split(argv, opts, &c->child, &err_fd);
    if (rc == 0) { /* the output is the program's: trace's stderr */
        c->rec_fd = c->child.out_fd;
        c->child.out_fd = err_fd;
    }
    return rc;
}

ExerciseCheck *exercise_check_start(const LessonExercise *ex, const char *lesson_dir, const PracticeFiles *f)
{
    return exercise_check_start_traced(ex, lesson_dir, f, NULL);
}

ExerciseCheck *exercise_check_start_traced(const LessonExercise *ex, const char *lesson_dir, const PracticeFiles *f,
                                           const CheckTracer *tracer)
{
    ExerciseCheck *c = xcalloc(1, sizeof *c);
    c->child.out_fd = -1;
    c->child.pid = -1;
    c->rec_fd = -1;
    c->start = now_monotonic();
    c->file_name = xstrdup(lesson_exercise_name(ex));
    c->expect = ex->check.expect ? xstrdup(ex->check.expect) : NULL;
    capture_init(&c->cap, c->expect);
    char *file = realpath(f->file, NULL);
    if (!file || !path_is_file(file)) {
        char *shown = practice_display_path(f->file);
        char *line = xasprintf("could not run the check: %s is missing (reset copies the starter again)", shown);
        free(shown);
        free(file);
        cannot_start(c, line);
        free(line);
        return c;
    }
    char *why = NULL;
    char **argv = check_argv(ex, lesson_dir, file, &why);
    free(file);
    if (!argv || !argv[0]) {
        cannot_start(c, why ? why : "could not run the check: its command is empty or uses shell syntax");
        free(why);
        argv_free(argv);
        return c;
    }
    c->program = xstrdup(argv[0]);
    CheckOutcome *o = &c->outcome;
    o->program = c->program;
    o->expect = c->expect;
    o->script = ex->check.script != NULL;
    o->file_name = c->file_name;
    o->timeout_s = ex->check.timeout > 0 ? ex->check.timeout : 30;
    SpawnOpts opts = spawn_opts_default();
    opts.cwd = f->dir;
    char **env = check_environment();
    opts.env = env;
    c->traced = ex->check.trace && tracer && tracer->corelab && tracer->records;
    if (c->traced) {
        c->tracer = *tracer;
        argv = traced_argv(tracer->corelab, argv);
    }
    int rc = spawn_check(c, argv, &opts);
    free(env);
    argv_free(argv);
    if (rc) {
        o->spawn_errno = rc;
        finish(c);
        return c;
    }
    c->deadline = c->start + o->timeout_s;
    c->phase = PHASE_RUNNING;
    return c;
}

/* What is in the pipe now, at most READ_PER_PUMP bytes. */
static bool read_output(ExerciseCheck *c)
{
    char buf[65536];
    size_t got = 0;
    while (c->child.out_fd >= 0 && !c->eof && got < READ_PER_PUMP) {
        ssize_t r = read(c->child.out_fd, buf, sizeof buf);
        if (r > 0) {
            capture_add(&c->cap, buf, (size_t)r);
            got += (size_t)r;
        } else if (r == 0) {
            c->eof = true;
        } else if (errno != EINTR) {
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                c->eof = true;
            break;
        }
    }
    return got > 0;
}

/* Has the first process exited? Asked without reaping it (WNOWAIT). */
static bool leader_exited(const ExerciseCheck *c)
{
    siginfo_t info;
    memset(&info, 0, sizeof info);
    return waitid(P_PID, (id_t)c->child.pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == c->child.pid;
}

/* The leader has exited (or was killed): end its group, then reap it. */
static void reap(ExerciseCheck *c, double now)
{
    kill(-c->child.pid, SIGKILL);
    child_poll_exit(&c->child);
    c->phase = PHASE_DRAINING;
    c->phase_until = now + DRAIN_S;
}

bool exercise_check_pump(ExerciseCheck *c, double now)
{
    if (c->phase == PHASE_DONE)
        return false;
    bool changed = read_output(c);
    changed |= read_records(c);
    if (c->phase != PHASE_DRAINING && !c->outcome.flooded && c->cap.total > CHECK_MAX_PRINTED) {
        c->outcome.flooded = true;
        kill(-c->child.pid, SIGKILL);
    }
    if (c->phase == PHASE_RUNNING && now >= c->deadline) {
        c->outcome.timed_out = true;
        kill(c->traced ? -c->child.pid : c->child.pid, SIGINT);
        c->phase = PHASE_INTERRUPTED;
        c->phase_until = now + INTERRUPT_GRACE_S;
    }
    if (c->phase == PHASE_INTERRUPTED && now >= c->phase_until)
        kill(-c->child.pid, SIGKILL);
    if ((c->phase == PHASE_RUNNING || c->phase == PHASE_INTERRUPTED) && leader_exited(c)) {
        reap(c, now);
        changed |= read_output(c);
    }
    if (c->phase == PHASE_DRAINING && (c->eof || now >= c->phase_until)) {
        finish(c);
        changed = true;
    }
    return changed;
}

double exercise_check_timeout(const ExerciseCheck *c, double now)
{
    double t = 0;
    switch (c->phase) {
    case PHASE_DONE:
        return -1;
    case PHASE_RUNNING:
        t = c->deadline - now;
        break;
    case PHASE_INTERRUPTED:
    case PHASE_DRAINING:
        t = c->phase_until - now;
        break;
    }
    /* A closed pipe means an exit is due any moment. */
    double wake = c->eof ? 0.01 : WAKE_S;
    if (t > wake)
        t = wake;
    return t < 0 ? 0 : t;
}

int exercise_check_fd(const ExerciseCheck *c)
{
    return c->phase != PHASE_DONE && !c->eof ? c->child.out_fd : -1;
}

int exercise_check_records_fd(const ExerciseCheck *c)
{
    return c->phase != PHASE_DONE && !c->rec_eof ? c->rec_fd : -1;
}

bool exercise_check_done(const ExerciseCheck *c) { return c->phase == PHASE_DONE; }

const CheckVerdict *exercise_check_verdict(const ExerciseCheck *c) { return &c->verdict; }

const char *exercise_check_output(const ExerciseCheck *c, size_t *len)
{
    return capture_text((Capture *)&c->cap, len);
}

void exercise_check_cancel(ExerciseCheck *c)
{
    if (c->phase == PHASE_DONE)
        return;
    if (c->phase != PHASE_DRAINING) { /* after DRAINING starts, the group is gone and the leader reaped */
        kill(-c->child.pid, SIGKILL);
        child_wait(&c->child);
    }
    c->outcome.cancelled = true;
    finish(c);
}

const CheckVerdict *exercise_check_wait(ExerciseCheck *c)
{
    while (c->phase != PHASE_DONE) {
        struct pollfd p[2] = {{.fd = exercise_check_fd(c), .events = POLLIN},
                              {.fd = exercise_check_records_fd(c), .events = POLLIN}};
        double t = exercise_check_timeout(c, now_monotonic());
        poll(p, 2, (int)(t * 1000) + 1);
        exercise_check_pump(c, now_monotonic());
    }
    return &c->verdict;
}

void exercise_check_free(ExerciseCheck *c)
{
    if (!c)
        return;
    exercise_check_cancel(c);
    capture_free(&c->cap);
    check_verdict_free(&c->verdict);
    FREE_ALL(c->program, c->expect, c->file_name, c);
}
