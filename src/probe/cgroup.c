/* probe/cgroup: the CPU quota and the cpuset of this process's cgroups,
 * v2 (cpu.max, cpuset.cpus.effective) and v1 (cpu.cfs_quota_us over
 * cpu.cfs_period_us, cpuset.effective_cpus or cpuset.cpus), each read at
 * the path that /proc/self/cgroup gives for its hierarchy. A machine may
 * have both (v1 controllers beside an empty unified hierarchy): the
 * tightest quota wins. */
#include "probe/probe.h"
#include "util/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CGROUP_FILE_MAX 4096
#define CGROUP_PATH_MAX 4096

/* Whether the comma-separated list names controller ("cpu" is in
 * "cpu,cpuacct" but not in "cpuacct"). */
static bool list_has(const char *list, size_t len, const char *controller)
{
    size_t n = strlen(controller);
    for (size_t i = 0; i < len;) {
        const char *comma = memchr(list + i, ',', len - i);
        size_t item = comma ? (size_t)(comma - (list + i)) : len - i;
        if (item == n && memcmp(list + i, controller, n) == 0)
            return true;
        i += item + 1;
    }
    return false;
}

static bool copy_out(const char *s, size_t n, char *out, size_t outlen)
{
    if (!out)
        return true;
    if (n >= outlen)
        return false;
    memcpy(out, s, n);
    out[n] = '\0';
    return true;
}

bool probe_parse_cgroup_line(const char *text, const char *controller, char *list,
                             size_t listlen, char *path, size_t pathlen)
{
    for (const char *line = text; line && *line;) {
        const char *next = strchr(line, '\n');
        size_t len = next ? (size_t)(next - line) : strlen(line);
        /* ID:CONTROLLERS:PATH; the path itself may hold ':' */
        const char *c1 = memchr(line, ':', len);
        const char *c2 = c1 ? memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - line)) : NULL;
        if (c2) {
            const char *ctl = c1 + 1, *p = c2 + 1;
            size_t ctl_len = (size_t)(c2 - ctl), plen = len - (size_t)(p - line);
            bool v2 = c1 - line == 1 && line[0] == '0' && ctl_len == 0;
            if (controller ? list_has(ctl, ctl_len, controller) : v2) {
                if (plen == 0 || p[0] != '/')
                    return false;
                return copy_out(ctl, ctl_len, list, listlen) && copy_out(p, plen, path, pathlen);
            }
        }
        line = next ? next + 1 : NULL;
    }
    return false;
}

bool probe_parse_cgroup_path(const char *text, char *out, size_t outlen)
{
    return probe_parse_cgroup_line(text, NULL, NULL, 0, out, outlen);
}

double probe_parse_cpu_max(const char *text)
{
    char quota[32];
    unsigned long long period;
    if (sscanf(text, "%31s %llu", quota, &period) != 2 || period == 0)
        return -1;
    if (strcmp(quota, "max") == 0)
        return 0;
    char *end;
    errno = 0;
    unsigned long long q = strtoull(quota, &end, 10);
    if (errno || *end || q == 0)
        return -1;
    return (double)q / (double)period;
}

double probe_parse_cfs_quota(const char *quota_text, const char *period_text)
{
    long long q;
    unsigned long long period;
    char extra;
    if (sscanf(quota_text, "%lld %c", &q, &extra) != 1 ||
        sscanf(period_text, "%llu %c", &period, &extra) != 1 || period == 0)
        return -1;
    if (q == -1)
        return 0; /* no quota */
    if (q <= 0)
        return -1;
    return (double)q / (double)period;
}

int probe_parse_cpulist(const char *text, unsigned char *set, int max)
{
    memset(set, 0, (size_t)max);
    int count = 0;
    const char *p = text;
    while (*p && *p != '\n') {
        char *end;
        errno = 0;
        long a = strtol(p, &end, 10), b = a;
        if (end == p || errno || a < 0)
            return -1;
        p = end;
        if (*p == '-') {
            b = strtol(p + 1, &end, 10);
            if (end == p + 1 || errno || b < a)
                return -1;
            p = end;
        }
        if (*p == ',')
            p++;
        else if (*p && *p != '\n')
            return -1;
        for (long c = a; c <= b && c < max; c++)
            if (!set[c]) {
                set[c] = 1;
                count++;
            }
    }
    return count;
}

/* ---- walking a hierarchy ---- */

/* Called with each directory from the process's cgroup up to the
 * hierarchy's root; returns true to stop. */
typedef bool (*ReadAt)(const char *dir, void *ctx);

static void walk_up(const char *base, const char *start, ReadAt read_at, void *ctx)
{
    char rel[CGROUP_PATH_MAX];
    snprintf(rel, sizeof rel, "%s", start);
    for (;;) {
        char *dir = xasprintf("%s%s", base, strcmp(rel, "/") == 0 ? "" : rel);
        bool stop = read_at(dir, ctx);
        free(dir);
        if (stop || strcmp(rel, "/") == 0)
            return;
        char *slash = strrchr(rel, '/');
        if (slash == rel)
            strcpy(rel, "/");
        else
            *slash = '\0';
    }
}

static char *read_small(const char *dir, const char *name)
{
    char *path = path_join(dir, name);
    char *text = read_file_bounded(path, CGROUP_FILE_MAX, NULL, false);
    free(path);
    return text;
}

/* Where a hierarchy is mounted and the process's path in it: v2 (controller
 * NULL) at root itself; a v1 controller at root/<its list> as systemd
 * mounts it ("cpu,cpuacct"), else at root/<controller> (each mounted on
 * its own). false when /proc/self/cgroup names no such hierarchy. */
static bool hierarchy(const char *root, const char *proc_text, const char *controller,
                      char **base, char *rel, size_t rel_len)
{
    char list[256];
    if (!probe_parse_cgroup_line(proc_text, controller, list, sizeof list, rel, rel_len))
        return false;
    if (strstr(rel, "/.."))
        return false;
    if (!controller) {
        *base = xstrdup(root);
        return true;
    }
    *base = path_join(root, list);
    if (!path_is_dir(*base)) {
        free(*base);
        *base = path_join(root, controller);
    }
    return true;
}

static char *read_proc_cgroup(const char *proc_cgroup)
{
    return read_file_bounded(proc_cgroup, 1 << 16, NULL, false);
}

/* ---- the quota ---- */

static void tighten(double *best, double q)
{
    if (q > 0 && (*best == 0 || q < *best))
        *best = q;
}

static bool quota_v2_at(const char *dir, void *ctx)
{
    char *text = read_small(dir, "cpu.max");
    if (text)
        tighten(ctx, probe_parse_cpu_max(text));
    free(text);
    return false; /* every ancestor's quota applies too */
}

static bool quota_v1_at(const char *dir, void *ctx)
{
    char *quota = read_small(dir, "cpu.cfs_quota_us");
    char *period = quota ? read_small(dir, "cpu.cfs_period_us") : NULL;
    if (quota && period)
        tighten(ctx, probe_parse_cfs_quota(quota, period));
    free(quota);
    free(period);
    return false;
}

double probe_cgroup_quota(const char *root, const char *proc_cgroup)
{
    char *text = read_proc_cgroup(proc_cgroup);
    if (!text)
        return 0;
    double best = 0;
    char rel[CGROUP_PATH_MAX];
    char *base = NULL;
    if (hierarchy(root, text, NULL, &base, rel, sizeof rel))
        walk_up(base, rel, quota_v2_at, &best);
    free(base);
    base = NULL;
    if (hierarchy(root, text, "cpu", &base, rel, sizeof rel))
        walk_up(base, rel, quota_v1_at, &best);
    free(base);
    free(text);
    return best;
}

/* ---- the cpuset ---- */

typedef struct {
    const char *const *files; /* tried in order, NULL-terminated */
    unsigned char *set;
    int max, count;
} CpusetRead;

/* The nearest cgroup that says: a cgroup's effective set already accounts
 * for its ancestors', and a path that is not visible here (a container's
 * own namespace) falls back to what is. */
static bool cpuset_at(const char *dir, void *ctx)
{
    CpusetRead *r = ctx;
    for (const char *const *f = r->files; *f; f++) {
        char *text = read_small(dir, *f);
        int n = text ? probe_parse_cpulist(text, r->set, r->max) : -1;
        free(text);
        if (n > 0) {
            r->count = n;
            return true;
        }
    }
    return false;
}

int probe_cgroup_cpuset(const char *root, const char *proc_cgroup, unsigned char *set, int max)
{
    static const char *const v2_files[] = {"cpuset.cpus.effective", NULL};
    static const char *const v1_files[] = {"cpuset.effective_cpus", "cpuset.cpus", NULL};
    char *text = read_proc_cgroup(proc_cgroup);
    if (!text)
        return 0;
    CpusetRead r = {.set = set, .max = max};
    char rel[CGROUP_PATH_MAX];
    char *base = NULL;
    if (hierarchy(root, text, NULL, &base, rel, sizeof rel)) {
        r.files = v2_files;
        walk_up(base, rel, cpuset_at, &r);
    }
    free(base);
    base = NULL;
    if (r.count == 0 && hierarchy(root, text, "cpuset", &base, rel, sizeof rel)) {
        r.files = v1_files;
        walk_up(base, rel, cpuset_at, &r);
    }
    free(base);
    free(text);
    return r.count;
}
