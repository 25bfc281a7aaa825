/* probe/probe: the affinity mask and a sampler of the allowed CPUs. */
#include "probe/probe.h"
#include "util/util.h"

#include <math.h>
#include <sched.h>
#include <stdlib.h>

#define STAT_PATH "/proc/stat"
#define CGROUP_ROOT "/sys/fs/cgroup"
#define PROC_CGROUP "/proc/self/cgroup"
#define STAT_MAX (8u << 20) /* the intr line grows with the machine */

struct Probe {
    int n;            /* CPUs reported */
    int *cpus;        /* their numbers */
    double quota;     /* cgroup CPU quota in CPUs, 0 when none */
    ProbeCpuTimes *prev, *cur;
    int known;        /* entries valid in prev/cur */
};

/* Keeps the CPUs of cpus[0..n) that the cgroup's cpuset holds, unless
 * that would leave none (a cpuset file that does not describe us). */
static int within_cpuset(int *cpus, int n)
{
    unsigned char cpuset[PROBE_MAX_CPUS];
    if (probe_cgroup_cpuset(CGROUP_ROOT, PROC_CGROUP, cpuset, PROBE_MAX_CPUS) <= 0)
        return n;
    int k = 0;
    for (int i = 0; i < n; i++)
        k += cpuset[cpus[i]] != 0;
    if (k == 0)
        return n;
    k = 0;
    for (int i = 0; i < n; i++)
        if (cpuset[cpus[i]])
            cpus[k++] = cpus[i];
    return k;
}

int probe_affinity(int *cpus, int max)
{
    int n = 0;
    size_t setsize = CPU_ALLOC_SIZE(PROBE_MAX_CPUS);
    cpu_set_t *set = CPU_ALLOC(PROBE_MAX_CPUS);
    if (set && sched_getaffinity(0, setsize, set) == 0) {
        for (int c = 0; c < PROBE_MAX_CPUS && n < max; c++)
            if (CPU_ISSET_S(c, setsize, set))
                cpus[n++] = c;
    }
    if (set)
        CPU_FREE(set);
    n = within_cpuset(cpus, n);
    if (n == 0 && max > 0)
        cpus[n++] = 0;
    return n;
}

int probe_allowed_workers(void)
{
    int cpus[PROBE_MAX_CPUS];
    int n = probe_affinity(cpus, PROBE_MAX_CPUS);
    double q = probe_cgroup_quota(CGROUP_ROOT, PROC_CGROUP);
    if (q > 0 && ceil(q) < n)
        n = (int)ceil(q);
    return n < 1 ? 1 : n;
}

static int read_stat(ProbeCpuTimes *out)
{
    char *text = read_file_bounded(STAT_PATH, STAT_MAX, NULL, false);
    if (!text)
        return -1;
    int known = probe_parse_stat(text, out, PROBE_MAX_CPUS);
    free(text);
    return known;
}

Probe *probe_open(void)
{
    Probe *p = xcalloc(1, sizeof *p);
    p->cpus = xcalloc(PROBE_MAX_CPUS, sizeof *p->cpus);
    p->n = probe_affinity(p->cpus, PROBE_MAX_CPUS);
    p->quota = probe_cgroup_quota(CGROUP_ROOT, PROC_CGROUP);
    p->prev = xcalloc(PROBE_MAX_CPUS, sizeof *p->prev);
    p->cur = xcalloc(PROBE_MAX_CPUS, sizeof *p->cur);
    p->known = read_stat(p->prev);
    if (p->known < 0)
        p->known = 0;
    return p;
}

void probe_close(Probe *p)
{
    if (!p)
        return;
    FREE_ALL(p->cpus, p->prev, p->cur, p);
}

int probe_ncpus(const Probe *p) { return p->n; }
int probe_cpu_id(const Probe *p, int i) { return p->cpus[i]; }
double probe_quota(const Probe *p) { return p->quota; }

int probe_sample(Probe *p, double *pct)
{
    int known = read_stat(p->cur);
    if (known < 0)
        return -1;
    for (int i = 0; i < p->n; i++) {
        int c = p->cpus[i];
        pct[i] = (c < known && c < p->known) ? probe_cpu_percent(&p->prev[c], &p->cur[c]) : -1;
    }
    ProbeCpuTimes *t = p->prev;
    p->prev = p->cur;
    p->cur = t;
    p->known = known;
    return 0;
}
