/* demo/session: everything around the runs of one `corelab demo` call.
 *
 * A watcher thread, started first, owns the clock and the signals:
 *  - SIGINT, SIGTERM and SIGHUP are blocked in every thread and taken by the
 *    watcher with sigtimedwait (which is also its sleep), so no handler and no
 *    global state is needed; on one it stops the run, wakes the workers and
 *    SIGKILLs every child process it knows about;
 *  - at a run's deadline (--seconds) it asks the workers to stop; if they
 *    have not stopped SESSION_GRACE seconds later it writes an error line,
 *    kills the children and ends the process (the watchdog);
 * and with --json a writer thread, every tick, writes a `sample` record
 * from the probe and streams the spans the workers recorded (the watcher
 * never writes, so a slow reader cannot hold up the watchdog).
 * The main thread runs the demo and writes the `result` records; both write
 * stdout under one lock, one flushed line at a time. */
#ifndef CORELAB_DEMO_SESSION_H
#define CORELAB_DEMO_SESSION_H

#include <stdbool.h>
#include <stdio.h>

#include "demo/kernel.h"
#include "util/json_out.h"

#define SESSION_TICK 0.2   /* seconds between samples and span batches */
#define SESSION_GRACE 2.0  /* seconds a run may overrun its deadline */

/* Starts the watcher (and, for JSON, the writer). max_slots: trace slots to allocate (0: no tracing).
 * NULL with a message in err on failure. */
Session *session_start(bool json, int max_slots, char *err, size_t errlen);
/* Stops the watcher and the writer: no more samples, and signals stay
 * blocked (pending) until the process exits. */
void session_stop_threads(Session *s);
/* Stops the ticker and frees everything; children are already reaped. */
void session_end(Session *s);

DemoShared *session_shared(Session *s);
Trace *session_trace(Session *s);
double session_origin(const Session *s);
int session_allowed_cpus(const Session *s);
double session_quota(const Session *s);
int session_probe_cpus(const Session *s);

/* A run starts: workers may go on until now + seconds. */
void session_run_begin(Session *s, double seconds);
/* The same, but its workers are asked to stop after stop_after seconds
 * (a warm-up); only past seconds does the watchdog end a run that has not
 * stopped. */
void session_run_begin_soft(Session *s, double stop_after, double seconds);
/* The run's workers have all finished: streams their last spans. */
void session_run_end(Session *s);

/* Why the current run was stopped: 0, DEMO_STOP_TIME or DEMO_STOP_SIGNAL. */
int session_stop_reason(Session *s);
/* The signal that interrupted the session, or 0. */
int session_signal(Session *s);
/* True once stdout has failed (the reader went away). */
bool session_output_broken(Session *s);

/* Writes j as one line under the output lock; resets j. */
void session_write_json(Session *s, JsonOut *j);
/* Plain text under the output lock. */
void session_printf(Session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
