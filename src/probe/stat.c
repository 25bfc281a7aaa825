/* probe/stat: /proc/stat's cpuN lines and per-core utilisation from them. */
#include "probe/probe.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Reads up to 10 unsigned fields after "cpuN"; stops at the end of the line.
 * Returns false on anything that is not a number. */
static bool parse_fields(const char *p, uint64_t *f, int nf)
{
    for (int i = 0; i < nf; i++)
        f[i] = 0;
    for (int i = 0; i < nf; i++) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\n' || *p == '\0')
            return i >= 4; /* user nice system idle at the very least */
        if (!isdigit((unsigned char)*p))
            return false;
        char *end;
        errno = 0;
        unsigned long long v = strtoull(p, &end, 10);
        if (errno)
            return false;
        f[i] = v;
        p = end;
    }
    return true;
}

int probe_parse_stat(const char *text, ProbeCpuTimes *out, int max_cpus)
{
    for (int i = 0; i < max_cpus; i++)
        memset(&out[i], 0, sizeof out[i]);
    int highest = 0;
    for (const char *line = text; line && *line;) {
        const char *next = strchr(line, '\n');
        if (strncmp(line, "cpu", 3) == 0 && isdigit((unsigned char)line[3])) {
            char *end;
            errno = 0;
            long n = strtol(line + 3, &end, 10);
            if (errno || (*end != ' ' && *end != '\t'))
                return -1;
            uint64_t f[10];
            if (!parse_fields(end, f, 10))
                return -1;
            if (n < max_cpus) {
                ProbeCpuTimes *c = &out[n];
                c->user = f[0]; c->nice = f[1]; c->system = f[2]; c->idle = f[3];
                c->iowait = f[4]; c->irq = f[5]; c->softirq = f[6]; c->steal = f[7];
                c->guest = f[8]; c->guest_nice = f[9];
                c->online = true;
                if (n + 1 > highest)
                    highest = (int)n + 1;
            }
        }
        line = next ? next + 1 : NULL;
    }
    return highest;
}

static uint64_t sat_sub(uint64_t a, uint64_t b)
{
    return a > b ? a - b : 0;
}

void probe_cpu_delta(const ProbeCpuTimes *prev, const ProbeCpuTimes *cur,
                     uint64_t *busy, uint64_t *total)
{
    /* user and nice already contain guest and guest_nice. */
    uint64_t pu = sat_sub(prev->user, prev->guest), cu = sat_sub(cur->user, cur->guest);
    uint64_t pn = sat_sub(prev->nice, prev->guest_nice), cn = sat_sub(cur->nice, cur->guest_nice);
    uint64_t b = sat_sub(cu, pu) + sat_sub(cn, pn) + sat_sub(cur->system, prev->system) +
                 sat_sub(cur->irq, prev->irq) + sat_sub(cur->softirq, prev->softirq) +
                 sat_sub(cur->steal, prev->steal);
    uint64_t idle = sat_sub(cur->idle, prev->idle) + sat_sub(cur->iowait, prev->iowait);
    *busy = b;
    *total = b + idle;
}

double probe_cpu_percent(const ProbeCpuTimes *prev, const ProbeCpuTimes *cur)
{
    if (!prev->online || !cur->online)
        return -1;
    uint64_t busy, total;
    probe_cpu_delta(prev, cur, &busy, &total);
    if (total == 0)
        return 0;
    return 100.0 * (double)busy / (double)total;
}
