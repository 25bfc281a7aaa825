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
 * process group id cannot have been reused by then. */
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
    Child child;
    bool eof;
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

ExerciseCheck *exercise_check_start(const LessonExercise *ex, const char *lesson_dir, const PracticeFiles *f)
{
    ExerciseCheck *c = xcalloc(1, sizeof *c);
    c->child.out_fd = -1;
    c->child.pid = -1;
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
    int rc = spawn_child(argv, &opts, &c->child);
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
    if (c->phase != PHASE_DRAINING && !c->outcome.flooded && c->cap.total > CHECK_MAX_PRINTED) {
        c->outcome.flooded = true;
        kill(-c->child.pid, SIGKILL);
    }
    if (c->phase == PHASE_RUNNING && now >= c->deadline) {
        c->outcome.timed_out = true;
        kill(c->child.pid, SIGINT);
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
        struct pollfd p = {.fd = exercise_check_fd(c), .events = POLLIN};
        double t = exercise_check_timeout(c, now_monotonic());
        poll(&p, 1, (int)(t * 1000) + 1);
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
