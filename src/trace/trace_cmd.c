/* trace/trace_cmd: `corelab trace`: options, starting the program, the
 * report at the end (run.c samples in between).
 *
 * Where the output goes: the program's standard output and error are its
 * own, untouched (inherited). corelab's table and verdict go to standard
 * error after the program has ended, as time(1) does, so that a program's
 * output can still be redirected or piped alone. With --json, standard
 * output carries the JSON lines only, and the program's standard output is
 * sent to standard error instead. */
#include "trace/trace_cmd.h"
#include "trace/report.h"
#include "trace/trace_int.h"
#include "probe/probe.h"
#include "util/util.h"

#include <errno.h>
#include <math.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static const char usage[] =
    "usage: corelab trace [--json] [--interval MS] [--seconds S] -- COMMAND [ARGS...]\n"
    "\n"
    "Runs COMMAND (no shell) and samples every thread of it and of the processes it\n"
    "starts, from /proc, until it exits: time on a CPU, waiting on a lock (such as\n"
    "the GIL), in I/O or asleep, runnable without a CPU. Its output passes through\n"
    "untouched; a table per thread and a verdict follow on standard error.\n"
    "\n"
    "  --json          JSON lines on standard output instead: sample, span, result\n"
    "                  (the program's standard output then goes to standard error)\n"
    "  --interval MS   length of a cell, %g-%g ms (default %g)\n"
    "  --seconds S     end the program after S seconds (default: wait for it)\n"
    "\n"
    "Exit status: the program's (128+N when signal N ended it); 124 when --seconds\n"
    "ended it; 126 when it cannot be executed, 127 when it is not found; 2 on a\n"
    "usage error; 1 when it could not be traced.\n";

#define MIN_INTERVAL_MS 0.5
#define MAX_INTERVAL_MS 1000.0
#define MAX_SECONDS 1e6

static void error_record(const char *msg)
{
    Emitter e = {.out = stdout};
    strbuf_init(&e.pending);
    json_init(&e.j);
    emitter_error(&e, msg);
    strbuf_free(&e.pending);
    json_free(&e.j);
}

/* One line on stderr (and an error record for JSON readers); returns rc. */
static int fail(bool json, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(bool json, int rc, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (json)
        error_record(msg);
    fprintf(stderr, "corelab trace: %s\n", msg);
    return rc;
}

/* "--flag VALUE" or "--flag=VALUE": the value, or NULL when argv[*i] is not
 * the flag (or its value is missing: *missing). */
static const char *flag_value(int argc, char **argv, int *i, const char *flag, bool *missing)
{
    size_t n = strlen(flag);
    const char *a = argv[*i];
    if (strncmp(a, flag, n) != 0 || (a[n] != '=' && a[n] != '\0'))
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

/* Options up to "--" or the first word that is not one. 0, or -1 with a
 * message in err. */
static int parse_opts(int argc, char **argv, TraceOpts *o, char *err, size_t errlen)
{
    *o = (TraceOpts){.interval_s = TRACE_DEFAULT_INTERVAL_MS / 1e3};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i], *v;
        bool missing = false;
        double x;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (strcmp(a, "--json") == 0) {
            o->json = true;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            o->help = true;
        } else if ((v = flag_value(argc, argv, &i, "--interval", &missing))) {
            if (!parse_double(v, MIN_INTERVAL_MS, MAX_INTERVAL_MS, &x)) {
                snprintf(err, errlen, "--interval '%s': expected milliseconds from %g to %g", v,
                         MIN_INTERVAL_MS, MAX_INTERVAL_MS);
                return -1;
            }
            o->interval_s = x / 1e3;
        } else if ((v = flag_value(argc, argv, &i, "--seconds", &missing))) {
            if (!parse_double(v, 0.01, MAX_SECONDS, &o->seconds)) {
                snprintf(err, errlen, "--seconds '%s': expected seconds from 0.01 to %g", v, MAX_SECONDS);
                return -1;
            }
        } else {
            snprintf(err, errlen, missing ? "%s needs a value" : "unknown option '%s' (try corelab trace --help)",
                     a);
            return -1;
        }
    }
    o->argv = argv + i;
    if (!o->help && i >= argc) {
        snprintf(err, errlen, "no command to run: corelab trace [options] -- COMMAND [ARGS...]");
        return -1;
    }
    return 0;
}

/* posix_spawnp, no shell; the child gets the signal mask corelab had
 * before it blocked its own (a blocked mask survives exec). 0 or errno. */
static int start_program(const TraceOpts *o, const sigset_t *mask, pid_t *pid)
{
    posix_spawnattr_t attr;
    posix_spawn_file_actions_t fa;
    if (posix_spawnattr_init(&attr) != 0)
        return ENOMEM;
    if (posix_spawn_file_actions_init(&fa) != 0) {
        posix_spawnattr_destroy(&attr);
        return ENOMEM;
    }
    int e = posix_spawnattr_setsigmask(&attr, mask);
    if (!e)
        e = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    if (!e && o->json) /* stdout carries the JSON lines */
        e = posix_spawn_file_actions_adddup2(&fa, STDERR_FILENO, STDOUT_FILENO);
    if (!e) {
        fflush(NULL);
        e = posix_spawnp(pid, o->argv[0], &fa, &attr, o->argv, environ);
    }
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    return e;
}

static int start_failed(bool json, const char *cmd, int e)
{
    if (e == ENOENT)
        return fail(json, 127, "%s: %s", cmd, strchr(cmd, '/') ? "no such file" : "command not found");
    if (e == EACCES)
        return fail(json, 126, "%s: permission denied", cmd);
    if (e == ENOEXEC)
        return fail(json, 126, "%s: cannot execute: not a program, and no #! line", cmd);
    return fail(json, 126, "%s: cannot start: %s", cmd, strerror(e));
}

void trace_say_error(const TraceRun *t)
{
    int e = t->error;
    const char *why = e == EACCES || e == EPERM
                          ? "permission denied: it runs as another user (setuid?)"
                          : "it is hidden: /proc is mounted with hidepid, and it runs as another user (setuid?)";
    char msg[400];
    snprintf(msg, sizeof msg, "cannot read /proc/%d/task of %s: %s; it goes on untraced", (int)t->pid,
             t->o->argv[0], why);
    if (t->emit)
        emitter_error(t->emit, msg);
    fprintf(stderr, "corelab trace: %s\n", msg);
}

static double process_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double tv_s(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec * 1e-6;
}

/* As a shell's $?. */
static int shell_status(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return 1;
}

static int conclude(const TraceRun *t, double sampler_cpu_s)
{
    if (t->error)
        return 1;
    TraceSummary sum;
    sampler_summary(t->sampler, &sum);
    /* wait4's usage counts the processes the program reaped; the rows count
     * those it did not (and stop at the cap). */
    double ru = tv_s(t->ru.ru_utime) + tv_s(t->ru.ru_stime);
    TraceOutcome out = {.argv = t->o->argv, .sampler = t->sampler, .wall_s = t->t_end - t->origin,
                        .cpu_s = fmax(ru, sum.cpu_s), .sampler_cpu_s = sampler_cpu_s,
                        .interval_s = t->o->interval_s, .seconds = t->o->seconds,
                        .cpus = probe_allowed_workers(), .exit_status = shell_status(t->status),
                        .stopped = t->stopped, .interrupted = t->interrupted};
    if (t->emit) {
        JsonOut j;
        json_init(&j);
        report_json(&out, &j);
        emitter_record(t->emit, &j);
        json_free(&j);
    } else {
        report_text(&out, stderr);
    }
    if (t->signal)
        return 128 + t->signal;
    return t->stopped ? 124 : out.exit_status;
}

static int trace_program(const TraceOpts *o)
{
    sigset_t watched, before;
    sigemptyset(&watched);
    sigaddset(&watched, SIGCHLD);
    sigaddset(&watched, SIGINT);
    sigaddset(&watched, SIGTERM);
    sigaddset(&watched, SIGHUP);
    sigprocmask(SIG_BLOCK, &watched, &before);
    sigset_t pipe_set = watched;
    sigaddset(&pipe_set, SIGPIPE); /* a JSON reader that leaves: EPIPE, not death */
    sigprocmask(SIG_BLOCK, &pipe_set, NULL);
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);

    Emitter em;
    if (o->json)
        emitter_init(&em, stdout, 0);
    Sampler *s = sampler_new(o->json ? emitter_span : NULL, &em);
    double origin = now_monotonic();
    pid_t pid;
    int e = start_program(o, &before, &pid);
    if (e) {
        sampler_free(s);
        if (o->json)
            emitter_free(&em);
        return start_failed(o->json, o->argv[0], e);
    }
    if (o->json)
        em.origin = em.t_sample = em.t_flush = origin;
    sampler_follow(s, pid, origin, o->interval_s);
    TraceRun t = {.o = o, .sampler = s, .emit = o->json ? &em : NULL, .watched = watched, .pid = pid,
                  .origin = origin};
    trace_run_loop(&t);
    int rc = conclude(&t, process_cpu_s());
    sampler_free(s);
    if (o->json)
        emitter_free(&em);
    return rc;
}

int trace_cmd(int argc, char **argv)
{
    TraceOpts o;
    char err[256];
    bool json = false;
    for (int i = 1; i < argc && argv[i][0] == '-' && strcmp(argv[i], "--") != 0; i++)
        json |= strcmp(argv[i], "--json") == 0;
    if (parse_opts(argc, argv, &o, err, sizeof err) != 0)
        return fail(json, 2, "%s", err);
    if (o.help) {
        printf(usage, MIN_INTERVAL_MS, MAX_INTERVAL_MS, TRACE_DEFAULT_INTERVAL_MS);
        return 0;
    }
    return trace_program(&o);
}
