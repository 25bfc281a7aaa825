/* trace/run: the sampling loop of `corelab trace`.
 *
 * corelab stays single-threaded: SIGCHLD, SIGINT, SIGTERM and SIGHUP are
 * blocked and taken with sigtimedwait, which is also the sleep between
 * ticks. Ticks keep to a fixed grid (origin + k * interval); a late one
 * makes a longer cell, still exact (schedstat deltas), and the grid skips
 * ahead rather than catching up with a burst.
 *
 * The program stays in corelab's process group, so that Ctrl-C, Ctrl-Z and
 * the terminal reach it as if it ran alone (and a reader that kills
 * corelab's group kills it too). corelab is a child subreaper: processes
 * orphaned inside the program are handed to it, stay found, and are
 * reaped here. Stopping (--seconds, SIGTERM, SIGHUP, a second SIGINT)
 * signals every process of the program by pid, SIGKILL after
 * TRACE_GRACE_S. */
#include "trace/trace_int.h"
#include "util/util.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

static void tick(TraceRun *t, double now)
{
    if (t->error)
        return;
    t->error = sampler_tick(t->sampler, now);
    if (t->error)
        trace_say_error(t);
}

static void signal_program(TraceRun *t, int sig)
{
    kill(t->pid, sig); /* not reaped yet: the pid is still its */
    if (!t->error)
        sampler_signal_all(t->sampler, sig);
}

static void begin_stop(TraceRun *t, int sig, double now)
{
    if (t->kill_at == 0)
        t->kill_at = now + TRACE_GRACE_S;
    signal_program(t, sig);
}

/* Notes the program's exit (left unreaped, so that its last cell can still
 * be read) and reaps orphans handed to corelab. */
static void reap(TraceRun *t)
{
    for (;;) {
        siginfo_t si;
        memset(&si, 0, sizeof si);
        if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) != 0 || si.si_pid == 0)
            return;
        if (si.si_pid == t->pid) {
            t->exited = true;
            return;
        }
        waitpid(si.si_pid, NULL, 0);
    }
}

static void take_signal(TraceRun *t, int sig, double now)
{
    switch (sig) {
    case SIGCHLD:
        reap(t);
        break;
    case SIGINT:
        /* From the terminal the program has its own SIGINT: let it end as
         * it likes; a second one stops it. */
        if (t->interrupted)
            begin_stop(t, SIGTERM, now);
        t->interrupted = true;
        break;
    default: /* SIGTERM, SIGHUP */
        t->interrupted = true;
        t->signal = sig;
        begin_stop(t, sig, now);
        break;
    }
}

static void check_deadlines(TraceRun *t, double now)
{
    if (t->o->seconds > 0 && !t->stopped && now - t->origin >= t->o->seconds) {
        t->stopped = true;
        begin_stop(t, SIGTERM, now);
    }
    if (t->kill_at > 0 && now >= t->kill_at) {
        signal_program(t, SIGKILL);
        t->kill_at = now + TRACE_GRACE_S;
    }
}

/* Sleeps until `until` (now_monotonic) or a signal, and takes it. */
static void wait_signal(TraceRun *t, double until)
{
    double now = now_monotonic();
    if (t->o->seconds > 0 && !t->stopped)
        until = fmin(until, t->origin + t->o->seconds);
    if (t->kill_at > 0)
        until = fmin(until, t->kill_at);
    double dt = until > now ? until - now : 0;
    struct timespec ts = {.tv_sec = (time_t)dt, .tv_nsec = (long)((dt - floor(dt)) * 1e9)};
    int sig = sigtimedwait(&t->watched, NULL, &ts);
    if (sig > 0)
        take_signal(t, sig, now_monotonic());
}

/* Reaps the processes handed to corelab (orphans of the program) until
 * none is left or `until` (now_monotonic): after a stop they are dying, and
 * must be gone when corelab says it ended them. */
static void reap_orphans(TraceRun *t, double until)
{
    for (;;) {
        pid_t p;
        while ((p = waitpid(-1, NULL, WNOHANG)) > 0)
            ;
        double left = until - now_monotonic();
        if (p < 0 || left <= 0) /* ECHILD: none left */
            return;
        struct timespec ts = {.tv_sec = (time_t)left, .tv_nsec = (long)((left - floor(left)) * 1e9)};
        sigtimedwait(&t->watched, NULL, &ts);
    }
}

static void finish(TraceRun *t)
{
    double now = now_monotonic();
    t->t_end = now;
    tick(t, now); /* its last cell: a zombie's files still read */
    sampler_finish(t->sampler);
    bool stopping = t->stopped || t->signal;
    if (stopping)
        signal_program(t, SIGKILL); /* what survived the program's end */
    while (wait4(t->pid, &t->status, 0, &t->ru) < 0 && errno == EINTR)
        ;
    reap_orphans(t, stopping ? now_monotonic() + TRACE_GRACE_S : 0);
}

void trace_run_loop(TraceRun *t)
{
    double interval = t->o->interval_s, next = t->origin;
    reap(t);
    while (!t->exited) {
        double now = now_monotonic();
        if (now >= next) {
            tick(t, now);
            next += interval;
            if (next <= now)
                next = now + interval;
        }
        if (t->emit)
            emitter_poll(t->emit, now);
        check_deadlines(t, now);
        wait_signal(t, next);
    }
    finish(t);
}
