/* trace/report: the result record, the table per thread and the verdict. */
#include "trace/report.h"
#include "demo/stream.h"
#include "util/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Threads that did at least this share of the busiest thread's CPU time
 * (and MIN_BUSY_S) count as doing the work. */
#define BUSY_SHARE 0.5
#define MIN_BUSY_S 0.01
#define SHORT_S 0.05 /* a few cells of the switch interval: no verdict */

double report_overlap(const TraceOutcome *o)
{
    TraceSummary sum;
    sampler_summary(o->sampler, &sum);
    return sum.traced_s > 0 ? sum.overlap_s / sum.traced_s : 0;
}

double report_cores_busy(const TraceOutcome *o)
{
    return o->wall_s > 0 ? o->cpu_s / o->wall_s : 0;
}

static double life_of(const TraceRow *r)
{
    return r->t_last > r->t_first ? r->t_last - r->t_first : 0;
}

/* ---- the verdict ---- */

typedef struct {
    int rows, procs;      /* busy threads, and the processes they are in */
    double wait, ready;   /* their shares of life waiting on a lock / a CPU */
} Busy;

static Busy busy_rows(const Sampler *s)
{
    int n = sampler_nrows(s);
    double top = 0, life = 0, wait = 0, ready = 0;
    for (int i = 0; i < n; i++)
        top = fmax(top, sampler_row(s, i)->cpu_s);
    Busy b = {0};
    pid_t pids[TRACE_MAX_ROWS];
    for (int i = 0; i < n; i++) {
        const TraceRow *r = sampler_row(s, i);
        if (r->cpu_s < MIN_BUSY_S || r->cpu_s < BUSY_SHARE * top)
            continue;
        int k = 0;
        while (k < b.procs && pids[k] != r->pid)
            k++;
        if (k == b.procs)
            pids[b.procs++] = r->pid;
        b.rows++;
        life += life_of(r);
        wait += r->time_in[STATE_WAIT];
        ready += r->time_in[STATE_READY];
    }
    if (life > 0) {
        b.wait = wait / life;
        b.ready = ready / life;
    }
    return b;
}

static void verdict_threads(const TraceOutcome *o, const Busy *b, char *buf, size_t len)
{
    double ov = report_overlap(o), busy = report_cores_busy(o);
    if (o->cpus == 1)
        snprintf(buf, len, "%d threads took turns: with one CPU nothing can run side by side, GIL or not.",
                 b->rows);
    else if (ov <= 0.15 && busy < 1.3 && b->wait >= b->ready)
        snprintf(buf, len,
                 "only one thread ran at a time (side by side %.0f %% of the time): they took turns "
                 "holding the GIL and waited for it (a lock) %.0f %% of their time.",
                 100 * ov, 100 * b->wait);
    else if (ov <= 0.15 && busy < 1.3)
        snprintf(buf, len,
                 "only one thread ran at a time, and they waited for a free CPU %.0f %% of their time: "
                 "other programs had the CPUs.",
                 100 * b->ready);
    else if (ov >= 0.5 || busy >= 1.5)
        snprintf(buf, len,
                 "threads ran side by side (%.0f %% of the time, cores busy %.2f): they released the GIL "
                 "(C code such as hashlib, zlib or NumPy), or the interpreter has none.",
                 100 * ov, busy);
    else
        snprintf(buf, len,
                 "threads ran side by side only %.0f %% of the time (cores busy %.2f): partly in parallel, "
                 "partly taking turns for a lock such as the GIL, or for a CPU.",
                 100 * ov, busy);
}

void report_verdict(const TraceOutcome *o, char *buf, size_t len)
{
    Busy b = busy_rows(o->sampler);
    double busy = report_cores_busy(o);
    if (o->wall_s < SHORT_S)
        snprintf(buf, len, "it ended after %.0f ms: too soon to see how its threads share the CPUs.",
                 o->wall_s * 1e3);
    else if (b.rows == 0)
        snprintf(buf, len, "the program spent its time waiting (cores busy %.2f): nothing to run in parallel.",
                 busy);
    else if (b.rows == 1)
        snprintf(buf, len, "one thread did the work (cores busy %.2f): nothing ran side by side.", busy);
    else if (b.procs >= 2 && (busy >= 1.3 || report_overlap(o) >= 0.3))
        snprintf(buf, len,
                 "the work ran in %d separate processes, side by side (cores busy %.2f): each has its own "
                 "interpreter and its own GIL.",
                 b.procs, busy);
    else if (b.procs >= 2)
        snprintf(buf, len, "the work ran in %d processes, but they took turns (cores busy %.2f): %s", b.procs,
                 busy, o->cpus == 1 ? "one CPU runs one at a time." : "too few free CPUs, or they waited on each other.");
    else
        verdict_threads(o, &b, buf, len);
}

/* ---- the result record ---- */

/* The command as a shell would show it: words with other characters in
 * single quotes. */
static char *command_text(char *const *argv)
{
    StrBuf sb;
    strbuf_init(&sb);
    for (int i = 0; argv[i]; i++) {
        const char *a = argv[i];
        bool plain = a[0] != '\0' && strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                "0123456789_./=:,+-@%") == strlen(a);
        if (i)
            strbuf_addc(&sb, ' ');
        if (plain) {
            strbuf_adds(&sb, a);
            continue;
        }
        strbuf_addc(&sb, '\'');
        for (const char *p = a; *p; p++) {
            if (*p == '\'')
                strbuf_adds(&sb, "'\\''");
            else
                strbuf_addc(&sb, *p);
        }
        strbuf_addc(&sb, '\'');
    }
    return strbuf_detach(&sb);
}

typedef enum { COL_PID, COL_TID, COL_NAME, COL_PROCESS, COL_CPU, COL_RUN, COL_WAIT, COL_IO, COL_READY, COL_LIFE } Column;

static void json_column(JsonOut *j, const Sampler *s, const char *key, Column c)
{
    json_key(j, key);
    json_arr_begin(j);
    for (int i = 0; i < sampler_nrows(s); i++) {
        const TraceRow *r = sampler_row(s, i);
        switch (c) {
        case COL_PID: json_int(j, r->pid); break;
        case COL_TID: json_int(j, r->tid); break;
        case COL_NAME: json_str(j, r->name); break;
        case COL_PROCESS: json_str(j, r->process); break;
        case COL_CPU: json_num(j, round(r->cpu_s * 1e6) / 1e6); break;
        case COL_RUN: json_num(j, round(r->time_in[STATE_RUN] * 1e6) / 1e6); break;
        case COL_WAIT: json_num(j, round(r->time_in[STATE_WAIT] * 1e6) / 1e6); break;
        case COL_IO: json_num(j, round(r->time_in[STATE_IO] * 1e6) / 1e6); break;
        case COL_READY: json_num(j, round(r->time_in[STATE_READY] * 1e6) / 1e6); break;
        case COL_LIFE: json_num(j, round(life_of(r) * 1e6) / 1e6); break;
        }
    }
    json_arr_end(j);
}

static void json_rows(JsonOut *j, const Sampler *s)
{
    static const struct {
        const char *key;
        Column c;
    } cols[] = {{"pid", COL_PID},   {"tid", COL_TID},       {"name", COL_NAME},  {"process", COL_PROCESS},
                {"cpu_s", COL_CPU}, {"run_s", COL_RUN},     {"wait_s", COL_WAIT}, {"io_s", COL_IO},
                {"ready_s", COL_READY}, {"life_s", COL_LIFE}};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        json_column(j, s, cols[i].key, cols[i].c);
}

/* What both reports start from: the summary, the command, the verdict. */
typedef struct {
    TraceSummary sum;
    char *cmd;
    char verdict[512];
} ReportHead;

static void report_head(const TraceOutcome *o, ReportHead *h)
{
    sampler_summary(o->sampler, &h->sum);
    h->cmd = command_text(o->argv);
    report_verdict(o, h->verdict, sizeof h->verdict);
}

void report_json(const TraceOutcome *o, JsonOut *j)
{
    ReportHead h;
    report_head(o, &h);
    json_obj_begin(j);
    json_kstr(j, STREAM_KEY_TYPE, STREAM_RESULT);
    json_kstr(j, "command", h.cmd);
    json_knum(j, STREAM_KEY_WALL_S, round(o->wall_s * 1e6) / 1e6);
    json_kint(j, "exit_status", o->exit_status);
    json_kbool(j, STREAM_KEY_STOPPED, o->stopped);
    json_kint(j, "cpus", o->cpus);
    json_knum(j, "cores_busy", round(report_cores_busy(o) * 1e4) / 1e4);
    json_knum(j, "overlap", round(report_overlap(o) * 1e4) / 1e4);
    json_knum(j, "cpu_total_s", round(o->cpu_s * 1e6) / 1e6);
    json_kint(j, "threads", h.sum.threads);
    json_kint(j, "processes", h.sum.processes);
    json_kint(j, "rows", h.sum.rows);
    json_kbool(j, "rows_capped", h.sum.rows_capped || h.sum.procs_capped);
    json_rows(j, o->sampler);
    json_knum(j, "interval_ms", o->interval_s * 1e3);
    json_knum(j, "cell_ms", h.sum.cells ? round(h.sum.traced_s / (double)h.sum.cells * 1e7) / 1e4 : NAN);
    json_knum(j, "cell_max_ms", round(h.sum.cell_max_s * 1e7) / 1e4);
    json_knum(j, "sampler_cpu_s", round(o->sampler_cpu_s * 1e6) / 1e6);
    json_kbool(j, "lock_waits_hidden", h.sum.lock_waits_hidden);
    json_kstr(j, "verdict", h.verdict);
    json_obj_end(j);
    free(h.cmd);
}

/* ---- the text ---- */

/* A comm for the terminal: control bytes become '?'. */
static void printable(char *dst, const char *src, size_t len)
{
    size_t i = 0;
    for (; src[i] && i + 1 < len; i++)
        dst[i] = (unsigned char)src[i] < 0x20 || src[i] == 0x7f ? '?' : src[i];
    dst[i] = '\0';
}

static double pct(double part, double whole)
{
    return whole > 0 ? 100 * part / whole : 0;
}

static void text_table(const Sampler *s, FILE *f)
{
    fprintf(f, "%8s %8s  %-15s %-15s %8s %5s %5s %9s %7s\n", "pid", "tid", "process", "thread", "cpu_s",
            "run", "lock", "io/sleep", "no CPU");
    for (int i = 0; i < sampler_nrows(s); i++) {
        const TraceRow *r = sampler_row(s, i);
        char proc[PROBE_COMM_MAX], name[PROBE_COMM_MAX];
        printable(proc, r->process, sizeof proc);
        printable(name, r->name, sizeof name);
        double life = life_of(r);
        fprintf(f, "%8d %8d  %-15.15s %-15.15s %8.3f %4.0f%% %4.0f%% %8.0f%% %6.0f%%\n", (int)r->pid,
                (int)r->tid, proc, name, r->cpu_s, pct(r->time_in[STATE_RUN], life),
                pct(r->time_in[STATE_WAIT], life), pct(r->time_in[STATE_IO], life),
                pct(r->time_in[STATE_READY], life));
    }
}

static void text_notes(const TraceOutcome *o, const TraceSummary *sum, FILE *f)
{
    if (sum->rows_capped)
        fprintf(f, "rows capped: %d threads seen; the first %d have rows.\n", sum->threads, sum->rows);
    if (sum->procs_capped)
        fprintf(f, "rows capped: only the first %d processes were followed.\n", TRACE_MAX_PROCS);
    if (o->stopped)
        fprintf(f, "stopped: it still ran after %g s (--seconds), so corelab ended it and the processes it "
                   "started.\n", o->seconds);
    else if (o->interrupted)
        fprintf(f, "interrupted: the figures cover the time until it ended.\n");
    if (sum->lock_waits_hidden)
        fprintf(f, "what its blocked threads waited in could not be read (a program running as another "
                   "user, or kernel.yama.ptrace_scope 3): lock waits count as io/sleep.\n");
}

void report_text(const TraceOutcome *o, FILE *f)
{
    ReportHead h;
    report_head(o, &h);
    char status[96];
    if (o->exit_status > 128 && o->exit_status < 128 + 65)
        snprintf(status, sizeof status, "exit status %d (%s)", o->exit_status, strsignal(o->exit_status - 128));
    else
        snprintf(status, sizeof status, "exit status %d", o->exit_status);
    fprintf(f, "\ncorelab trace: %s ran %.2f s, %s; %d thread%s in %d process%s, %d CPU%s allowed\n", h.cmd,
            o->wall_s, status, h.sum.threads, h.sum.threads == 1 ? "" : "s", h.sum.processes,
            h.sum.processes == 1 ? "" : "es", o->cpus, o->cpus == 1 ? "" : "s");
    text_table(o->sampler, f);
    fprintf(f, "cores busy %.2f (%.2f s of CPU in %.2f s); two or more threads on a CPU at once %.0f %% of the "
               "time\n",
            report_cores_busy(o), o->cpu_s, o->wall_s, 100 * report_overlap(o));
    text_notes(o, &h.sum, f);
    fprintf(f, "verdict: %s\n", h.verdict);
    fflush(f);
    free(h.cmd);
}
