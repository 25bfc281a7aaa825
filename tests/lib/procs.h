/* The processes a C test looks at, read from /proc.
 *
 *   pid_ended(pid)              pid has gone, or is a zombie (it has ended;
 *                               its parent has not reaped it yet)
 *   pid_ended_within(pid, s)    polls pid_ended for up to s seconds: signals
 *                               and exits take a moment to land
 */
#ifndef CORELAB_TESTS_PROCS_H
#define CORELAB_TESTS_PROCS_H

#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

static inline bool pid_ended(pid_t pid)
{
    char path[64], stat[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return true;
    size_t n = fread(stat, 1, sizeof stat - 1, f);
    fclose(f);
    stat[n] = '\0';
    /* pid (comm) state ...: comm may hold spaces and parentheses */
    const char *close = strrchr(stat, ')');
    return close && close[1] == ' ' && close[2] == 'Z';
}

static inline bool pid_ended_within(pid_t pid, double secs)
{
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        if (pid_ended(pid))
            return true;
        clock_gettime(CLOCK_MONOTONIC, &t);
        if ((double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9 >= secs)
            return false;
        poll(NULL, 0, 10);
    }
}

#endif
