/* probe/cgroup: the cgroup v2 cpu.max quota of this process, if any. */
#include "probe/probe.h"
#include "util/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool probe_parse_cgroup_path(const char *text, char *out, size_t outlen)
{
    for (const char *line = text; line && *line;) {
        const char *next = strchr(line, '\n');
        size_t len = next ? (size_t)(next - line) : strlen(line);
        if (len >= 3 && strncmp(line, "0::", 3) == 0) {
            size_t plen = len - 3;
            if (plen == 0 || plen >= outlen || line[3] != '/')
                return false;
            memcpy(out, line + 3, plen);
            out[plen] = '\0';
            return true;
        }
        line = next ? next + 1 : NULL;
    }
    return false;
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

/* The quota of one cgroup directory, 0 when none or unreadable. */
static double quota_at(const char *dir)
{
    char *path = path_join(dir, "cpu.max");
    char *text = read_file_bounded(path, 4096, NULL, false);
    free(path);
    if (!text)
        return 0;
    double q = probe_parse_cpu_max(text);
    free(text);
    return q > 0 ? q : 0;
}

double probe_cgroup_quota(const char *root, const char *proc_cgroup)
{
    char *text = read_file_bounded(proc_cgroup, 1 << 16, NULL, false);
    if (!text)
        return 0;
    char rel[4096];
    bool ok = probe_parse_cgroup_path(text, rel, sizeof rel);
    free(text);
    if (!ok || strstr(rel, "/../") || strstr(rel, "/.."))
        return 0;
    /* Walk from the process's cgroup up to the root: the tightest wins. */
    double best = 0;
    for (;;) {
        char *dir = xasprintf("%s%s", root, strcmp(rel, "/") == 0 ? "" : rel);
        double q = quota_at(dir);
        free(dir);
        if (q > 0 && (best == 0 || q < best))
            best = q;
        char *slash = strrchr(rel, '/');
        if (!slash || slash == rel) {
            if (strcmp(rel, "/") == 0)
                break;
            strcpy(rel, "/");
        } else {
            *slash = '\0';
        }
    }
    return best;
}
