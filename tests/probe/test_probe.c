/* Unit tests for probe/: /proc/stat parsing and percentages on recorded
 * fixtures, cgroup paths and cpu.max, and the live sampler. */
#include "probe/probe.h"
#include "util/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/check.h"
#include "fixture.h"

#define CHECK_NEAR(a, b) CHECK(fabs((a) - (b)) < 1e-9)

/* Parses two fixtures and returns the percentage of cpu N between them. */
static double pct_between(const char *a, const char *b, int cpu)
{
    ProbeCpuTimes pa[8], pb[8];
    char *ta = fixture(a), *tb = fixture(b);
    int na = probe_parse_stat(ta, pa, 8), nb = probe_parse_stat(tb, pb, 8);
    free(ta);
    free(tb);
    CHECK(na > 0 && nb > 0);
    return probe_cpu_percent(&pa[cpu], &pb[cpu]);
}

static void test_normal(void)
{
    ProbeCpuTimes t[8];
    char *text = fixture("normal_a.stat");
    CHECK(probe_parse_stat(text, t, 8) == 2);
    CHECK(t[0].online && t[1].online && !t[2].online);
    CHECK(t[1].user == 2000 && t[1].iowait == 300 && t[1].softirq == 50 && t[1].steal == 5);
    free(text);
    CHECK_NEAR(pct_between("normal_a.stat", "normal_b.stat", 0), 50.0);
    CHECK_NEAR(pct_between("normal_a.stat", "normal_b.stat", 1), 100.0 * 185 / 315);
}

static void test_offline(void)
{
    ProbeCpuTimes t[8];
    char *text = fixture("offline_b.stat");
    CHECK(probe_parse_stat(text, t, 8) == 3);
    CHECK(t[0].online && !t[1].online && t[2].online);
    free(text);
    CHECK_NEAR(pct_between("offline_a.stat", "offline_b.stat", 0), 100.0);
    CHECK(pct_between("offline_a.stat", "offline_b.stat", 1) == -1);
    CHECK_NEAR(pct_between("offline_a.stat", "offline_b.stat", 2), 0.0);
}

static void test_backwards(void)
{
    /* nice, iowait and steal go backwards on cpu0: each counts as 0. */
    CHECK_NEAR(pct_between("backwards_a.stat", "backwards_b.stat", 0), 50.0);
    /* cpu1 did not move at all: 0 %, not a division by zero. */
    CHECK_NEAR(pct_between("backwards_a.stat", "backwards_b.stat", 1), 0.0);
    uint64_t busy, total;
    ProbeCpuTimes a = {.user = 10, .idle = 10, .online = true}, b = {.user = 5, .idle = 4, .online = true};
    probe_cpu_delta(&a, &b, &busy, &total);
    CHECK(busy == 0 && total == 0);
}

static void test_guest(void)
{
    /* user +400 with guest +300, nice +60 all guest_nice, idle +100. */
    CHECK_NEAR(pct_between("guest_a.stat", "guest_b.stat", 0), 50.0);
}

static void test_malformed_and_old(void)
{
    ProbeCpuTimes t[4];
    char *text = fixture("malformed.stat");
    CHECK(probe_parse_stat(text, t, 4) == -1);
    free(text);
    text = fixture("old_kernel.stat");
    CHECK(probe_parse_stat(text, t, 4) == 1);
    CHECK(t[0].idle == 100 && t[0].steal == 0);
    free(text);
    CHECK(probe_parse_stat("", t, 4) == 0);
    CHECK(probe_parse_stat("cpu0 1 2\n", t, 4) == -1);
    /* CPUs beyond the table are ignored, not written. */
    CHECK(probe_parse_stat("cpu0 1 1 1 1\ncpu9 1 1 1 1\n", t, 4) == 1);
}

static void test_cgroup(void)
{
    char path[256];
    CHECK(probe_parse_cgroup_path("0::/user.slice/job_1\n", path, sizeof path));
    CHECK(strcmp(path, "/user.slice/job_1") == 0);
    CHECK(probe_parse_cgroup_path("12:cpu:/x\n0::/\n", path, sizeof path));
    CHECK(strcmp(path, "/") == 0);
    CHECK(!probe_parse_cgroup_path("12:cpu,cpuacct:/\n", path, sizeof path));
    CHECK(probe_parse_cpu_max("max 100000\n") == 0);
    CHECK_NEAR(probe_parse_cpu_max("150000 100000\n"), 1.5);
    CHECK(probe_parse_cpu_max("garbage") == -1);
    CHECK(probe_parse_cpu_max("0 100000") == -1);
    CHECK(probe_parse_cpu_max("100 0") == -1);

    char *root = path_join(fixtures, "cgroup/sys");
    char *self = path_join(fixtures, "cgroup/self_cgroup");
    char *v1 = path_join(fixtures, "cgroup/v1_cgroup");
    /* job_42 says max, its parent 1.5 CPUs: the parent's quota applies. */
    CHECK_NEAR(probe_cgroup_quota(root, self), 1.5);
    CHECK(probe_cgroup_quota(root, v1) == 0);
    CHECK(probe_cgroup_quota(root, "/nonexistent/cgroup") == 0);
    free(root);
    free(self);
    free(v1);
}

static void test_cgroup_v1_parsers(void)
{
    char list[64], path[256];
    const char *v1 = "11:cpuset:/slurm/job_7\n4:cpu,cpuacct:/slurm/job_7\n1:name=systemd:/u\n";
    CHECK(probe_parse_cgroup_line(v1, "cpu", list, sizeof list, path, sizeof path));
    CHECK(strcmp(list, "cpu,cpuacct") == 0 && strcmp(path, "/slurm/job_7") == 0);
    CHECK(probe_parse_cgroup_line(v1, "cpuset", list, sizeof list, path, sizeof path));
    CHECK(strcmp(list, "cpuset") == 0 && strcmp(path, "/slurm/job_7") == 0);
    CHECK(!probe_parse_cgroup_line(v1, NULL, list, sizeof list, path, sizeof path));
    CHECK(!probe_parse_cgroup_line(v1, "memory", NULL, 0, path, sizeof path));
    /* "cpuacct" does not hold "cpu"; a path may hold ':' */
    CHECK(probe_parse_cgroup_line("2:cpuacct:/a\n1:cpu:/b:c\n", "cpu", NULL, 0, path, sizeof path));
    CHECK(strcmp(path, "/b:c") == 0);
    CHECK(probe_parse_cgroup_line("1:cpu:/x\n0::/y\n", NULL, list, sizeof list, path, sizeof path));
    CHECK(strcmp(list, "") == 0 && strcmp(path, "/y") == 0);
    CHECK(!probe_parse_cgroup_line("1:cpu:relative\n", "cpu", NULL, 0, path, sizeof path));
    CHECK(!probe_parse_cgroup_line("1:cpu:/long\n", "cpu", NULL, 0, path, 4));

    CHECK_NEAR(probe_parse_cfs_quota("50000\n", "100000\n"), 0.5);
    CHECK_NEAR(probe_parse_cfs_quota("250000", "100000"), 2.5);
    CHECK(probe_parse_cfs_quota("-1\n", "100000\n") == 0);
    CHECK(probe_parse_cfs_quota("0", "100000") == -1);
    CHECK(probe_parse_cfs_quota("-5", "100000") == -1);
    CHECK(probe_parse_cfs_quota("50000", "0") == -1);
    CHECK(probe_parse_cfs_quota("half", "100000") == -1);
    CHECK(probe_parse_cfs_quota("50000 1", "100000") == -1);

    unsigned char set[16];
    CHECK(probe_parse_cpulist("0-3,8,10-11\n", set, 16) == 7);
    CHECK(set[0] && set[3] && !set[4] && set[8] && !set[9] && set[11] && !set[12]);
    CHECK(probe_parse_cpulist("\n", set, 16) == 0 && probe_parse_cpulist("", set, 16) == 0);
    CHECK(probe_parse_cpulist("5,5,4-5", set, 16) == 2);
    CHECK(probe_parse_cpulist("2000", set, 16) == 0); /* beyond the table: left out */
    CHECK(probe_parse_cpulist("3-1", set, 16) == -1);
    CHECK(probe_parse_cpulist("1,,2", set, 16) == -1);
    CHECK(probe_parse_cpulist("x", set, 16) == -1);
    CHECK(probe_parse_cpulist("-1", set, 16) == -1);
}

/* Whole hierarchies on fixture trees: RHEL's cpu,cpuacct mount, a machine
 * that mounts each controller alone (a quota above the process's cgroup),
 * v2's cpuset beside its cpu.max. */
static void test_cgroup_v1_trees(void)
{
    char *sys = path_join(fixtures, "cgroup/sys");
    char *split = path_join(fixtures, "cgroup/split");
    char *job = path_join(fixtures, "cgroup/v1_job_cgroup");
    char *split_self = path_join(fixtures, "cgroup/split_cgroup");
    char *v2_self = path_join(fixtures, "cgroup/self_cgroup");
    /* job_7 has none (-1), uid_1000 2.5 CPUs, the root none */
    CHECK_NEAR(probe_cgroup_quota(sys, job), 2.5);
    /* grp/task none, grp half a CPU */
    CHECK_NEAR(probe_cgroup_quota(split, split_self), 0.5);

    unsigned char set[PROBE_MAX_CPUS];
    /* cpuset.effective_cpus before cpuset.cpus */
    CHECK(probe_cgroup_cpuset(sys, job, set, PROBE_MAX_CPUS) == 2 && set[1] && set[2] && !set[0]);
    /* grp/task is not visible, grp's list is empty: the root's */
    CHECK(probe_cgroup_cpuset(split, split_self, set, PROBE_MAX_CPUS) == 2 && set[0] && set[1]);
    CHECK(probe_cgroup_cpuset(sys, v2_self, set, PROBE_MAX_CPUS) == 2 && set[2] && set[3]);
    CHECK(probe_cgroup_cpuset(sys, "/nonexistent/cgroup", set, PROBE_MAX_CPUS) == 0);
    free(sys);
    free(split);
    free(job);
    free(split_self);
    free(v2_self);
}

static void test_live(void)
{
    int cpus[PROBE_MAX_CPUS];
    int n = probe_affinity(cpus, PROBE_MAX_CPUS);
    CHECK(n >= 1);
    for (int i = 1; i < n; i++)
        CHECK(cpus[i] > cpus[i - 1]);
    int w = probe_allowed_workers();
    CHECK(w >= 1 && w <= n);
    Probe *p = probe_open();
    CHECK(probe_ncpus(p) == n);
    double pct[PROBE_MAX_CPUS];
    volatile double x = 0;
    for (int i = 0; i < 2000000; i++)
        x += i;
    (void)x;
    CHECK(probe_sample(p, pct) == 0);
    for (int i = 0; i < probe_ncpus(p); i++)
        CHECK((pct[i] >= 0 && pct[i] <= 100) || pct[i] == -1);
    probe_close(p);
}

int main(int argc, char **argv)
{
    static const CheckTest tests[] = {
        CHECK_TEST(test_normal),           CHECK_TEST(test_offline),           CHECK_TEST(test_backwards),
        CHECK_TEST(test_guest),            CHECK_TEST(test_malformed_and_old), CHECK_TEST(test_cgroup),
        CHECK_TEST(test_cgroup_v1_parsers), CHECK_TEST(test_cgroup_v1_trees), CHECK_TEST(test_live),
    };
    fixtures = check_fixtures_dir(argc, argv);
    if (!fixtures)
        return 2;
    check_run_all(tests, CHECK_COUNT(tests));
    return check_exit();
}
