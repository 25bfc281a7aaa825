/* demo/stream: the JSON-lines stream of `corelab demo NAME --json` and
 * `corelab trace --json`, defined once for its writers (demo/, trace/) and
 * its reader (ui/panes/). One object per line, flushed whole:
 *
 *   sample  t, cpu [percent per allowed CPU, null when offline], cpus [their
 *           numbers], quota (only when a cgroup quota is set: CPUs' worth)
 *   span    t, dur, thread (row), state, cpu; from `corelab trace` also
 *           pid, tid, name (the real thread's)
 *   result  demo, variant, workers, wall_s, speedup (null without a
 *           1-worker run), work, stopped, spans_dropped, busy_others (the
 *           CPUs' worth other programs kept busy on the allowed CPUs
 *           meanwhile: demo_run_disturbed in demo/registry.h judges it),
 *           and the demo's own fields (the registry in demo/registry.h
 *           lists them). With several runs of a worker count, the best.
 *           From `corelab trace` (no demo key): command, wall_s,
 *           exit_status, stopped, cpus, cores_busy (CPU time / wall time),
 *           overlap (share of the time with >= 2 threads each on a CPU for
 *           more than half a cell), cpu_total_s, threads, processes, rows,
 *           rows_capped; per row, arrays indexed by span "thread": pid, tid,
 *           name, process, cpu_s, run_s, wait_s, io_s, ready_s, life_s;
 *           interval_ms, cell_ms, cell_max_ms, sampler_cpu_s,
 *           lock_waits_hidden, verdict
 *   fit     serial_fraction, cpus (the allowed CPUs: workers beyond them
 *           are fitted as that many); after a sweep with a 1-worker run
 *           and at least three worker counts that each have a CPU
 *   error   message (and a non-zero exit: 2 usage, 1 failure, 128+N signal)
 *
 * The reader accepts these record types and nothing else. */
#ifndef CORELAB_DEMO_STREAM_H
#define CORELAB_DEMO_STREAM_H

/* Record types: the value of "type". */
#define STREAM_SAMPLE "sample"
#define STREAM_SPAN "span"
#define STREAM_RESULT "result"
#define STREAM_FIT "fit"
#define STREAM_ERROR "error"

/* Keys every record may carry. */
#define STREAM_KEY_TYPE "type"
#define STREAM_KEY_T "t"
#define STREAM_KEY_MESSAGE "message"

/* sample */
#define STREAM_KEY_CPU "cpu"
#define STREAM_KEY_CPUS "cpus"
#define STREAM_KEY_QUOTA "quota"

/* span */
#define STREAM_KEY_DUR "dur"
#define STREAM_KEY_THREAD "thread"
#define STREAM_KEY_STATE "state"
#define STREAM_KEY_PID "pid"
#define STREAM_KEY_TID "tid"
#define STREAM_KEY_NAME "name"

/* result */
#define STREAM_KEY_DEMO "demo"
#define STREAM_KEY_VARIANT "variant"
#define STREAM_KEY_WORKERS "workers"
#define STREAM_KEY_WALL_S "wall_s"
#define STREAM_KEY_SPEEDUP "speedup"
#define STREAM_KEY_WORK "work"
#define STREAM_KEY_STOPPED "stopped"
#define STREAM_KEY_SPANS_DROPPED "spans_dropped"
#define STREAM_KEY_BUSY_OTHERS "busy_others"

/* fit (and STREAM_KEY_CPUS: there a number, the allowed CPUs) */
#define STREAM_KEY_SERIAL_FRACTION "serial_fraction"

/* The states of a span, in this order everywhere (the simulated GIL's
 * GilState and the timeline's glyphs follow it):
 *   idle   not started, finished, or nothing to do
 *   run    on a CPU (for gil: holding the GIL)
 *   wait   waiting for the GIL or a lock (a real thread: blocked on a futex)
 *   nogil  running with the GIL released
 *   io     blocked in I/O or asleep
 *   ready  runnable but no CPU free (real threads only) */
typedef enum {
    STATE_IDLE = 0,
    STATE_RUN,
    STATE_WAIT,
    STATE_NOGIL,
    STATE_IO,
    STATE_READY,
    STATE_COUNT
} StreamState;

/* "run" for STATE_RUN; "idle" for anything out of range. */
const char *stream_state_name(int state);
/* The state named s, or -1. */
int stream_state_from_name(const char *s);

#endif
