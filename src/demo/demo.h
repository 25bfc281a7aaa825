/* demo/: the live demos (`corelab demo ...`). Each run happens in its own
 * process; the UI only reads the JSON lines it writes.
 *
 * `corelab demo NAME --json` writes one object per line (DESIGN.md
 * "Demos"), each flushed whole:
 *   sample  t, cpu [percent per allowed CPU, null when offline], cpus [their
 *           numbers], quota (only when a cgroup cpu.max quota is set)
 *   span    t, dur, thread, state (run|wait|nogil|io|idle), cpu
 *   result  demo, variant, workers, wall_s, speedup (null without a 1-worker
 *           run), work, stopped (cut at --seconds), spans_dropped, and:
 *             gil     interval_ms, switches, forced_drops, gil_wait_s,
 *                     max_wait_ms; convoy also op_latency_ms, alone_ms, ops
 *                     (thread 0 is the I/O thread, 1..W the CPU threads)
 *             race    expected, observed, lost, ns_per_update
 *             procs   start_us [per worker], mean_start_us, create_us,
 *                     cow_ms, ipc_us, private_visible, shared_visible
 *             pool    chunksize, tasks, chunks, busy_s [per worker],
 *                     imbalance, overhead_us
 *             pi      estimate, samples, sigma, busy_s [per worker]
 *             sched   schedule, imbalance, chunks, busy_s [per worker]
 *   fit     serial_fraction (after a sweep with a 1-worker run)
 *   error   message (and a non-zero exit: 2 usage, 1 failure, 128+N signal)
 * Without --json: a table per sweep and a conclusion in plain words. */
#ifndef CORELAB_DEMO_H
#define CORELAB_DEMO_H

#include "demo/catalogue.h"

/* `corelab demo list` and `corelab demo NAME ...`; argv[0] is "demo".
 * Returns the exit status (2 for usage errors). */
int demo_cmd(int argc, char **argv);

#endif
