/* probe/task: what one thread of a running program is doing, from
 * /proc/PID/task/TID (proc(5); REFERENCE.md "Threads of a running program").
 *
 * - stat: the state letter (R running or runnable, S sleeping, D disk,
 *   T stopped, Z zombie), the parent's pid, the thread count and the CPU it
 *   last ran on. The comm in field 2 is in parentheses and may itself hold
 *   spaces and parentheses, so the fields after it start at the LAST ')'.
 * - schedstat: nanoseconds on a CPU, nanoseconds runnable on a run queue
 *   without a CPU, time slices. Deltas between two readings are exact.
 * - syscall: "running", or the number of the call the thread is blocked in
 *   and its arguments ("-1 SP PC" when blocked outside any call). Reading it
 *   needs ptrace rights over the thread (a parent has them, unless
 *   kernel.yama.ptrace_scope is 2 or 3); wchan, which needs less, names the
 *   kernel function it sleeps in instead ("futex_do_wait").
 *
 * The parsers take the file's text, so tests feed them recorded fixtures;
 * ProbeTask keeps the files open and re-reads them with pread, about a
 * microsecond each. */
#ifndef CORELAB_PROBE_TASK_H
#define CORELAB_PROBE_TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PROBE_COMM_MAX 64 /* the kernel's comm is at most 15 bytes; room for escapes */

/* The fields of /proc/PID/task/TID/stat that corelab uses. */
typedef struct {
    pid_t tid;
    char comm[PROBE_COMM_MAX];
    char state;        /* 'R', 'S', 'D', 'T', 't', 'Z', 'X', 'I', ... */
    pid_t ppid;
    long num_threads;  /* threads of its process */
    uint64_t start_ticks; /* start time after boot, in clock ticks */
    int cpu;           /* the CPU it last ran on; -1 when not given */
} ProbeTaskStat;

/* Parses stat's text. 0, or -1 when malformed. */
int probe_parse_task_stat(const char *text, ProbeTaskStat *out);

/* /proc/PID/task/TID/schedstat. */
typedef struct {
    uint64_t run_ns;   /* on a CPU */
    uint64_t delay_ns; /* runnable, waiting for a CPU */
    uint64_t slices;   /* times it ran on a CPU */
} ProbeSchedstat;

/* Parses schedstat's text. 0, or -1 when malformed. */
int probe_parse_schedstat(const char *text, ProbeSchedstat *out);

/* What a thread waits in, as far as a tracer cares. */
typedef enum {
    PROBE_BLOCK_UNKNOWN = 0, /* not read, or unreadable                    */
    PROBE_BLOCK_RUNNING,     /* not blocked: on a CPU or runnable          */
    PROBE_BLOCK_FUTEX,       /* futex / futex_waitv: a lock (the GIL's too) */
    PROBE_BLOCK_OTHER        /* any other call: I/O, poll, sleep ...       */
} ProbeBlock;

/* Parses syscall's text: PROBE_BLOCK_RUNNING for "running", else the call's
 * number into *nr (may be NULL; -1 when blocked outside a call) and its
 * kind. PROBE_BLOCK_UNKNOWN when malformed. */
ProbeBlock probe_parse_syscall(const char *text, long *nr);
/* Whether system call nr of this machine's ABI waits on a futex (futex,
 * futex_time64, futex_waitv; <sys/syscall.h> gives the numbers: 202 and 449
 * on x86-64, 98 and 449 on aarch64). */
bool probe_syscall_is_futex(long nr);
/* Classifies wchan's text (a kernel function name): futex waits give
 * PROBE_BLOCK_FUTEX; "0" or empty PROBE_BLOCK_UNKNOWN (nothing known or
 * hidden); anything else PROBE_BLOCK_OTHER. */
ProbeBlock probe_parse_wchan(const char *text);

/* Copies comm's text into out without the trailing newline. */
void probe_parse_comm(const char *text, char *out, size_t outlen);

/* ---- a thread's open files ---- */

typedef struct {
    int stat_fd, schedstat_fd, syscall_fd, wchan_fd; /* -1 when not open */
    int children_fd;     /* -1 without CONFIG_PROC_CHILDREN */
    bool syscall_denied; /* syscall unreadable: wchan is used instead */
} ProbeTask;

/* Opens /proc/PID/task/TID/{stat,schedstat,syscall,children} (wchan when
 * syscall is not readable). 0, or an errno value: ENOENT/ESRCH when the
 * thread has gone (or /proc hides it: hidepid), EACCES when not ours. */
int probe_task_open(ProbeTask *t, pid_t pid, pid_t tid);
void probe_task_close(ProbeTask *t);

/* Re-reads stat / schedstat. 0, or an errno value (ESRCH: the thread has
 * ended; the files stay open until probe_task_close). */
int probe_task_stat(ProbeTask *t, ProbeTaskStat *out);
int probe_task_schedstat(ProbeTask *t, ProbeSchedstat *out);
/* What it is blocked in now: from syscall, or from wchan where syscall is
 * denied; PROBE_BLOCK_UNKNOWN when neither tells. */
ProbeBlock probe_task_block(ProbeTask *t);

/* The processes this thread started (its children file), into
 * pids[0..max); count as probe_list_dir, -ENOSYS without the file. */
int probe_task_children(ProbeTask *t, pid_t *pids, int max);

/* ---- listing ---- */

/* Opens /proc (pid 0) or /proc/PID/task as a directory to list again and
 * again: an fd, or -errno (-ENOENT: gone or hidden, -EACCES). */
int probe_open_dir(pid_t pid);
/* The numeric entries of that directory from its start (thread ids or
 * pids), ascending, into out[0..max). Returns how many there are (may
 * exceed max: only max are written), or -errno (-ENOENT once the process
 * has gone). No memory is allocated: it runs on every tick. */
int probe_list_dir(int dirfd, pid_t *out, int max);
/* The parent of process pid (from /proc/PID/stat), or -1 when gone. */
pid_t probe_parent_pid(pid_t pid);

#endif
