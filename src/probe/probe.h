/* probe/: what the CPUs this process may use are doing.
 *
 * - /proc/stat parsing and per-core utilisation as htop and mpstat compute
 *   it (REFERENCE.md "Per-core utilisation from /proc/stat"): guest time is
 *   taken out of user and nice, every delta saturates at 0, and a CPU that
 *   has no line is offline.
 * - the affinity mask (sched_getaffinity) and a cgroup v2 cpu.max quota.
 * - a Probe that samples the allowed CPUs tick after tick.
 *
 * The parsers take the file's text, so tests feed them recorded fixtures. */
#ifndef CORELAB_PROBE_H
#define CORELAB_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROBE_MAX_CPUS 1024

/* One cpuN line of /proc/stat, in USER_HZ ticks. */
typedef struct {
    uint64_t user, nice, system, idle, iowait, irq, softirq, steal, guest, guest_nice;
    bool online; /* false: no line for this CPU (offline) */
} ProbeCpuTimes;

/* Parses the cpuN lines of /proc/stat's text into out[0..max_cpus), indexed
 * by N; CPUs without a line are marked offline. Missing trailing fields (old
 * kernels) count as 0. Returns 1 + the highest N seen (0 when none), or -1
 * when a cpuN line is malformed. */
int probe_parse_stat(const char *text, ProbeCpuTimes *out, int max_cpus);

/* Busy and total ticks between two readings of one CPU, with guest taken out
 * of user/nice and every difference saturating at 0. */
void probe_cpu_delta(const ProbeCpuTimes *prev, const ProbeCpuTimes *cur,
                     uint64_t *busy, uint64_t *total);

/* Utilisation in percent between two readings, 0..100; -1 when the CPU is
 * offline in either reading; 0 when no time passed. */
double probe_cpu_percent(const ProbeCpuTimes *prev, const ProbeCpuTimes *cur);

/* ---- cgroup v2 ---- */

/* From /proc/self/cgroup's text: the path of the unified ("0::") hierarchy
 * into out, e.g. "/user.slice/job_42". false when there is none. */
bool probe_parse_cgroup_path(const char *text, char *out, size_t outlen);

/* From cpu.max's text ("max 100000" or "150000 100000"): the quota in CPUs
 * (1.5), or 0 when unlimited. -1 when malformed. */
double probe_parse_cpu_max(const char *text);

/* The quota of this process's cgroup in CPUs, 0 when unlimited or unknown.
 * root is normally "/sys/fs/cgroup" and proc_cgroup "/proc/self/cgroup";
 * tests point them at fixtures. The quota is the tightest of the cgroup and
 * its ancestors. */
double probe_cgroup_quota(const char *root, const char *proc_cgroup);

/* ---- affinity ---- */

/* The CPUs in this process's affinity mask, ascending, into cpus[0..max).
 * Returns the count (at least 1: CPU 0 when the call fails). */
int probe_affinity(int *cpus, int max);

/* CPUs this process may keep busy: the affinity mask's size, lowered to the
 * quota rounded up when a cgroup quota is set. At least 1. */
int probe_allowed_workers(void);

/* ---- sampler ---- */

typedef struct Probe Probe;

/* Opens a sampler over the allowed CPUs; takes the first reading. */
Probe *probe_open(void);
void probe_close(Probe *p);
/* Number of CPUs reported (those in the affinity mask). */
int probe_ncpus(const Probe *p);
/* CPU number of the i-th reported CPU. */
int probe_cpu_id(const Probe *p, int i);
/* The quota in CPUs, 0 when none. */
double probe_quota(const Probe *p);
/* Reads /proc/stat again and writes each reported CPU's utilisation since
 * the previous reading into pct[0..probe_ncpus) (-1: offline). Returns 0,
 * or -1 when /proc/stat cannot be read. */
int probe_sample(Probe *p, double *pct);

#endif
