/* probe/: what the CPUs this process may use are doing.
 *
 * - /proc/stat parsing and per-core utilisation as htop and mpstat compute
 *   it (REFERENCE.md "Per-core utilisation from /proc/stat"): guest time is
 *   taken out of user and nice, every delta saturates at 0, and a CPU that
 *   has no line is offline.
 * - the affinity mask (sched_getaffinity), the cgroup's cpuset and its CPU
 *   quota (v2 cpu.max, v1 cpu.cfs_quota_us).
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

/* ---- cgroups (v2 and v1) ---- */

/* From /proc/self/cgroup's text: the path of the unified ("0::") hierarchy
 * into out, e.g. "/user.slice/job_42". false when there is none. */
bool probe_parse_cgroup_path(const char *text, char *out, size_t outlen);

/* From /proc/self/cgroup's text: the line of the v1 hierarchy that holds
 * controller ("cpu" is in "4:cpu,cpuacct:/slurm/job_7"), or the unified
 * v2 line when controller is NULL. Its controller list goes into list
 * ("cpu,cpuacct"; "" for v2) and its path into path; either may be NULL.
 * false when there is no such line or it does not fit. */
bool probe_parse_cgroup_line(const char *text, const char *controller, char *list,
                             size_t listlen, char *path, size_t pathlen);

/* From cpu.max's text ("max 100000" or "150000 100000"): the quota in CPUs
 * (1.5), or 0 when unlimited. -1 when malformed. */
double probe_parse_cpu_max(const char *text);

/* From v1's cpu.cfs_quota_us ("50000", "-1" for none) and
 * cpu.cfs_period_us ("100000"): the quota in CPUs (0.5), 0 when unlimited,
 * -1 when malformed. */
double probe_parse_cfs_quota(const char *quota_text, const char *period_text);

/* A CPU list as cpuset files write it ("0-3,8,10-11"; "" is empty) into
 * set[0..max) (1: in the list; CPUs at max or beyond are left out).
 * Returns how many CPUs set holds, or -1 when malformed. */
int probe_parse_cpulist(const char *text, unsigned char *set, int max);

/* The quota of this process's cgroups in CPUs, 0 when unlimited or
 * unknown: v2's cpu.max and v1's cpu.cfs_quota_us / cpu.cfs_period_us, of
 * the cgroup and each of its ancestors, the tightest of them all. root is
 * normally "/sys/fs/cgroup" (v1 controllers under root/cpu,cpuacct or
 * root/cpu) and proc_cgroup "/proc/self/cgroup"; tests point them at
 * fixtures. */
double probe_cgroup_quota(const char *root, const char *proc_cgroup);

/* The CPUs of this process's cpuset into set[0..max): v2's
 * cpuset.cpus.effective, else v1's cpuset.effective_cpus or cpuset.cpus,
 * of the nearest cgroup that has one. Returns the count, 0 when unknown. */
int probe_cgroup_cpuset(const char *root, const char *proc_cgroup, unsigned char *set, int max);

/* ---- affinity ---- */

/* The CPUs in this process's affinity mask, ascending, into cpus[0..max),
 * less any outside its cgroup's cpuset (the kernel keeps the mask inside
 * it; a stale mask or a container's view may not). Returns the count (at
 * least 1: CPU 0 when the call fails). */
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
