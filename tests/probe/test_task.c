/* Unit tests for probe/task: the parsers of /proc/PID/task/TID/{stat,
 * schedstat,syscall,wchan,comm} on recorded fixtures (fixtures/task/), and
 * the readers on this process's own threads. */
#include "probe/task.h"
#include "util/util.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../lib/check.h"
#include "fixture.h"

static void test_stat(void)
{
    ProbeTaskStat st;
    char *t = fixture("stat_odd_comm"); /* comm "a) b (c) S 9" */
    CHECK(probe_parse_task_stat(t, &st) == 0);
    CHECK(st.tid == 31365);
    CHECK(strcmp(st.comm, "a) b (c) S 9") == 0);
    CHECK(st.state == 'S' && st.ppid == 31348);
    CHECK(st.num_threads == 4 && st.start_ticks == 125555 && st.cpu == 1);
    free(t);

    t = fixture("stat_running");
    CHECK(probe_parse_task_stat(t, &st) == 0);
    CHECK(st.state == 'R' && strcmp(st.comm, "python3") == 0 && st.cpu == 1);
    free(t);

    t = fixture("stat_zombie");
    CHECK(probe_parse_task_stat(t, &st) == 0);
    CHECK(st.state == 'Z' && st.ppid == 1 && st.num_threads == 1 && st.cpu == 3);
    free(t);

    t = fixture("stat_old_kernel"); /* ends before field 39 */
    CHECK(probe_parse_task_stat(t, &st) == 0);
    CHECK(st.cpu == -1 && st.num_threads == 3 && st.start_ticks == 5000);
    free(t);

    t = fixture("stat_malformed");
    CHECK(probe_parse_task_stat(t, &st) == -1);
    free(t);
    CHECK(probe_parse_task_stat("", &st) == -1);
    CHECK(probe_parse_task_stat("12 (x)", &st) == -1);
    CHECK(probe_parse_task_stat("12 (x) 5 1", &st) == -1);
    CHECK(probe_parse_task_stat("x (y) S 1 2 3", &st) == -1);
}

static void test_schedstat(void)
{
    ProbeSchedstat ss;
    char *t = fixture("schedstat");
    CHECK(probe_parse_schedstat(t, &ss) == 0);
    CHECK(ss.run_ns == 186471867ULL && ss.delay_ns == 363420234ULL && ss.slices == 85);
    free(t);
    CHECK(probe_parse_schedstat("1 2\n", &ss) == -1);
    CHECK(probe_parse_schedstat("a b c\n", &ss) == -1);
    CHECK(probe_parse_schedstat("18446744073709551615 0 0\n", &ss) == 0 && ss.run_ns == UINT64_MAX);
}

static void check_syscall(const char *name, ProbeBlock want, long want_nr)
{
    char *t = fixture(name);
    long nr = -99;
    ProbeBlock b = probe_parse_syscall(t, &nr);
    if (b != want || (want != PROBE_BLOCK_RUNNING && nr != want_nr)) {
        fprintf(stderr, "%s: kind %d nr %ld, expected %d %ld\n", name, (int)b, nr, (int)want, want_nr);
        check_failures++;
    }
    free(t);
}

static void test_syscall(void)
{
    check_syscall("syscall_running", PROBE_BLOCK_RUNNING, 0);
    check_syscall("syscall_outside", PROBE_BLOCK_OTHER, -1);
    /* The numbers are the machine's own ABI: each fixture is checked on the
     * architecture it was recorded on. */
#if defined(__x86_64__)
    check_syscall("syscall_futex_x86_64", PROBE_BLOCK_FUTEX, 202);
    check_syscall("syscall_sleep_x86_64", PROBE_BLOCK_OTHER, 230);
    CHECK(probe_syscall_is_futex(202) && probe_syscall_is_futex(449));
    CHECK(!probe_syscall_is_futex(7) && !probe_syscall_is_futex(230) && !probe_syscall_is_futex(0));
#elif defined(__aarch64__)
    check_syscall("syscall_futex_aarch64", PROBE_BLOCK_FUTEX, 98);
    check_syscall("syscall_sleep_aarch64", PROBE_BLOCK_OTHER, 101);
    CHECK(probe_syscall_is_futex(98) && probe_syscall_is_futex(449));
    CHECK(!probe_syscall_is_futex(101) && !probe_syscall_is_futex(73));
#endif
    CHECK(probe_syscall_is_futex(SYS_futex));
    CHECK(probe_parse_syscall("", NULL) == PROBE_BLOCK_UNKNOWN);
    CHECK(probe_parse_syscall("garbage\n", NULL) == PROBE_BLOCK_UNKNOWN);
    CHECK(probe_parse_syscall("-7 0x0\n", NULL) == PROBE_BLOCK_UNKNOWN);

    char *t = fixture("wchan_futex");
    CHECK(probe_parse_wchan(t) == PROBE_BLOCK_FUTEX);
    free(t);
    t = fixture("wchan_running");
    CHECK(probe_parse_wchan(t) == PROBE_BLOCK_UNKNOWN);
    free(t);
    CHECK(probe_parse_wchan("futex_wait_queue_me\n") == PROBE_BLOCK_FUTEX);
    CHECK(probe_parse_wchan("hrtimer_nanosleep") == PROBE_BLOCK_OTHER);

    char comm[8];
    probe_parse_comm("worker-1\n", comm, sizeof comm);
    CHECK(strcmp(comm, "worker-") == 0);
    probe_parse_comm("T1\n", comm, sizeof comm);
    CHECK(strcmp(comm, "T1") == 0);
}

/* ---- live: this process's own threads ---- */

typedef struct {
    pthread_mutex_t lock;
    _Atomic pid_t tid;
} Blocked;

static void *block_on_lock(void *p)
{
    Blocked *b = p;
    atomic_store(&b->tid, (pid_t)gettid());
    pthread_mutex_lock(&b->lock); /* a futex wait until main unlocks */
    pthread_mutex_unlock(&b->lock);
    return NULL;
}

/* Waits (bounded) until thread tid is blocked in a futex. */
static ProbeBlock wait_blocked(ProbeTask *t)
{
    ProbeBlock b = PROBE_BLOCK_UNKNOWN;
    for (int i = 0; i < 2000 && b != PROBE_BLOCK_FUTEX; i++) {
        b = probe_task_block(t);
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    return b;
}

/* Whether tid is among the n tids listed. */
static bool listed(const pid_t *tids, int n, pid_t tid)
{
    for (int i = 0; i < n && i < 8; i++)
        if (tids[i] == tid)
            return true;
    return false;
}

static void test_live(void)
{
    /* A sanitizer's runtime may start threads of its own (TSan's when the
     * first thread is made): count while ours lives, then after it ended. */
    pid_t tids[8];
    Blocked b = {.lock = PTHREAD_MUTEX_INITIALIZER};
    pthread_mutex_lock(&b.lock);
    pthread_t th;
    CHECK(pthread_create(&th, NULL, block_on_lock, &b) == 0);
    while (atomic_load(&b.tid) == 0)
        sched_yield();
    pid_t pid = getpid(), tid = atomic_load(&b.tid);

    ProbeTask t;
    CHECK(probe_task_open(&t, pid, tid) == 0);
    CHECK(wait_blocked(&t) == PROBE_BLOCK_FUTEX);
    ProbeTaskStat st;
    ProbeSchedstat ss;
    CHECK(probe_task_stat(&t, &st) == 0 && st.tid == tid && st.num_threads >= 2);
    CHECK(probe_task_schedstat(&t, &ss) == 0);

    int dir = probe_open_dir(pid);
    CHECK(dir >= 0);
    int n = probe_list_dir(dir, tids, 8);
    CHECK(n >= 2 && tids[0] == pid && listed(tids, n, tid));
    CHECK(probe_list_dir(dir, tids, 1) == n); /* the count, though only 1 fits */
    CHECK(probe_parent_pid(pid) == getppid());

    pthread_mutex_unlock(&b.lock);
    pthread_join(th, NULL);
    /* The thread has ended: its open files say so. */
    CHECK(probe_task_schedstat(&t, &ss) == ESRCH);
    int after = probe_list_dir(dir, tids, 8);
    CHECK(after == n - 1 && !listed(tids, after, tid));
    probe_task_close(&t);
    close(dir);
    CHECK(probe_task_open(&t, pid, 999999999) == ENOENT);
    CHECK(probe_open_dir(999999999) == -ENOENT);
    CHECK(probe_parent_pid(999999999) == -1);
}

int main(int argc, char **argv)
{
    static const CheckTest tests[] = {
        CHECK_TEST(test_stat), CHECK_TEST(test_schedstat), CHECK_TEST(test_syscall), CHECK_TEST(test_live)};
    const char *dir = check_fixtures_dir(argc, argv);
    if (!dir)
        return 2;
    char *task_dir = path_join(dir, "task"); /* fixtures/task */
    fixtures = task_dir;
    check_run_all(tests, CHECK_COUNT(tests));
    free(task_dir);
    return check_exit();
}
