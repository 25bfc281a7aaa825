/* demo/busy: other programs' share of the allowed CPUs (busy.h). */
#include "demo/busy.h"
#include "probe/probe.h"
#include "util/util.h"

#include <math.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

static double rusage_s(int who)
{
    struct rusage u;
    if (getrusage(who, &u) != 0)
        return 0;
    return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + (double)(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/* Busy ticks of one CPU since boot, guest time taken out of user and nice
 * (it is counted there already). */
static uint64_t busy_of(const ProbeCpuTimes *c)
{
    uint64_t user = c->user > c->guest ? c->user - c->guest : 0;
    uint64_t nice = c->nice > c->guest_nice ? c->nice - c->guest_nice : 0;
    return user + nice + c->system + c->irq + c->softirq + c->steal;
}

void busy_mark(BusyMark *m)
{
    m->ok = false;
    m->busy_ticks = 0;
    m->ncpus = 0;
    m->t = now_monotonic();
    m->ours_s = rusage_s(RUSAGE_SELF) + rusage_s(RUSAGE_CHILDREN);
    char *text = read_file_bounded("/proc/stat", 8u << 20, NULL, false);
    if (!text)
        return;
    ProbeCpuTimes *times = xcalloc(PROBE_MAX_CPUS, sizeof *times);
    int *cpus = xcalloc(PROBE_MAX_CPUS, sizeof *cpus);
    int n = probe_parse_stat(text, times, PROBE_MAX_CPUS);
    int allowed = probe_affinity(cpus, PROBE_MAX_CPUS);
    for (int i = 0; n > 0 && i < allowed; i++)
        if (cpus[i] >= 0 && cpus[i] < n && times[cpus[i]].online) {
            m->busy_ticks += busy_of(&times[cpus[i]]);
            m->ncpus++;
        }
    m->ok = n > 0 && m->ncpus > 0;
    free(times);
    free(cpus);
    free(text);
}

double busy_others(const BusyMark *a, const BusyMark *b)
{
    if (!a->ok || !b->ok || b->t <= a->t)
        return NAN;
    double hz = (double)sysconf(_SC_CLK_TCK);
    if (hz <= 0)
        hz = 100;
    double busy = b->busy_ticks > a->busy_ticks ? (double)(b->busy_ticks - a->busy_ticks) / hz : 0;
    /* Each CPU's counter may be a tick behind at either end. */
    double slack = 2.0 * b->ncpus / hz;
    double others = (busy - (b->ours_s - a->ours_s) - slack) / (b->t - a->t);
    return others > 0 ? others : 0;
}
