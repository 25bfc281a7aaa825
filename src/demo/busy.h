/* demo/busy: how much of the CPUs this process may use other programs
 * kept busy over a stretch of time, as tests/demo's excuse measures it:
 * the allowed CPUs' busy time from /proc/stat (as htop counts it, steal
 * included), less the CPU time of this process and of its reaped
 * children. A run slowed by them teaches nothing about the demo. */
#ifndef CORELAB_DEMO_BUSY_H
#define CORELAB_DEMO_BUSY_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    uint64_t busy_ticks; /* of the allowed CPUs, in USER_HZ ticks */
    int ncpus;           /* how many of them /proc/stat listed */
    double ours_s;       /* CPU seconds of this process and its reaped children */
    double t;            /* monotonic seconds */
    bool ok;             /* false: /proc/stat could not be read */
} BusyMark;

/* The counters now. */
void busy_mark(BusyMark *m);
/* The CPUs' worth other programs kept busy between a and b, at least 0;
 * the tick counters' own uncertainty is taken off first, so that a short
 * stretch is not read as busy. NAN when either mark could not be read. */
double busy_others(const BusyMark *a, const BusyMark *b);

#endif
