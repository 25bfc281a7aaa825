/* ui/panes internals: what the panel's files share (and the unit tests
 * use). panel.h is the walker's view; this header offers
 *   - Model: what a demo stream or a run step has told us so far
 *     (per-CPU samples with a short history, per-thread spans in rings,
 *     results, the Amdahl fit, messages, output lines), all bounded;
 *   - LineReader: a non-blocking, bounded line splitter for a child's pipe;
 *   - stream_parse_line: one JSON line of `corelab demo --json` (demo/stream.h)
 *     into the model;
 *   - the renderers (meters, chart, timeline, output; pane_class.h makes
 *     them panes and lays them out);
 *   - the CSV export of results;
 *   - NodeRun: the `n` setting, demos run on a compute node through srun. */
#ifndef CORELAB_UI_PANES_H
#define CORELAB_UI_PANES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <curses.h>

#include "demo/stream.h"
#include "ui/caps.h"
#include "util/rect.h"

/* ---- bounds: every buffer the stream can fill has one ---- */
enum {
    MODEL_MAX_CPUS = 256,      /* cpu array entries kept per sample */
    MODEL_HIST = 256,          /* samples of history per CPU (51 s of a demo's, 2 min of the system's) */
    MODEL_MAX_THREADS = 64,    /* timeline rows */
    MODEL_SPAN_RING = 4096,    /* spans kept per thread */
    MODEL_MAX_RESULTS = 64,
    MODEL_MAX_FIELDS = 16,     /* demo-specific fields kept per result */
    MODEL_MSGS = 8,            /* messages kept (errors, skipped lines) */
    MODEL_MSG_LEN = 200,
    MODEL_OUT_LINES = 200,     /* run output: last lines kept */
    MODEL_OUT_LINE_LEN = 400,
    LINE_MAX_BYTES = 64 * 1024, /* longer lines are cut (output) or skipped (JSON) */
    MODEL_NAME_LEN = 48,       /* a traced thread's name: 15 bytes of comm, kept printable */
    MODEL_LABEL_W = 16         /* a traced row's label and a blank: "T1 12345", "[12340] python3" */
};

typedef struct {
    double t;
    float dur;
    uint8_t state; /* a StreamState (demo/stream.h) */
    int16_t cpu;
} Span;

typedef struct {
    Span *ring;   /* MODEL_SPAN_RING entries once the thread is seen */
    size_t head;  /* next slot to write */
    size_t n;     /* entries in use */
    double t_end; /* latest span end seen for this thread */
    /* the real thread a `corelab trace` row is (0, "": a demo's) */
    int pid, tid;
    char name[MODEL_NAME_LEN];
} ThreadTrack;

/* The result record of `corelab trace` (demo/stream.h): the figures and
 * the verdict the trace pane shows. */
typedef struct {
    bool has;
    double cores_busy, overlap, wall_s;
    int threads, processes, exit_status;
    bool rows_capped, stopped;
    char verdict[400];
} ShownTrace;

/* A result record as the panes keep it: the core figures, and the demo's
 * own fields as text. */
typedef struct {
    char *key;
    char *value; /* as text: numbers %g, arrays joined with ';' */
} ShownField;

typedef struct {
    char *demo;
    char *variant;
    int workers;
    double wall_s;
    double speedup;
    bool has_speedup;
    ShownField fields[MODEL_MAX_FIELDS];
    int n_fields;
} ShownResult;

typedef struct {
    /* samples */
    int ncpu;                          /* entries in the latest sample */
    int cpu_ids[MODEL_MAX_CPUS];       /* the CPU numbers when the stream says; else 0..n-1 */
    float last[MODEL_MAX_CPUS];        /* latest percent */
    uint8_t hist[MODEL_HIST][MODEL_MAX_CPUS]; /* ring of percents */
    int hist_head, hist_n;
    double quota_cpus;                 /* cgroup cpu.max in CPUs; 0: none said */
    unsigned long n_samples;
    /* timeline */
    ThreadTrack threads[MODEL_MAX_THREADS];
    int nthreads;                      /* highest thread index seen + 1 */
    double t_max;                      /* latest time in the stream (span end or sample) */
    double t_spans;                    /* latest span end: the timeline's right edge */
    unsigned long n_spans, n_spans_dropped;
    unsigned states_seen;              /* bit per StreamState that a span had */
    /* results */
    ShownResult results[MODEL_MAX_RESULTS];
    int nresults;
    unsigned long n_results_dropped;
    bool has_fit;
    double serial_fraction;
    int fit_cpus;                      /* the CPUs the fit capped the workers at; 0: not said */
    /* messages: errors, skipped lines, exits */
    char msgs[MODEL_MSGS][MODEL_MSG_LEN];
    int msg_head, nmsgs;
    bool saw_error;
    char last_error[MODEL_MSG_LEN];    /* the latest error record, as shown */
    unsigned long n_garbage, n_records;
    /* run output */
    char *out[MODEL_OUT_LINES];
    int out_head, nout;
    unsigned long out_total;
    /* the demo the panel runs, before its results say ("" when unknown) */
    char demo_name[32], demo_variant[32];
    /* `corelab trace`: rows are real threads; its result */
    bool traced;                       /* a span named its thread */
    int root_pid;                      /* the traced program's process: row 0's */
    double run_s;                      /* time in spans of state run, all rows */
    ShownTrace trace;
} Model;

void model_init(Model *m);
void model_free(Model *m);
void model_reset(Model *m); /* free and init */
/* The demo (and variant, or NULL) whose stream this model will hold. */
void model_set_demo(Model *m, const char *name, const char *variant);

void model_add_sample(Model *m, double t, const double *pct, int n, const int *ids);
void model_add_span(Model *m, double t, double dur, int thread, int state, int cpu);
/* Takes ownership of r's strings. */
void model_add_result(Model *m, ShownResult *r);
/* cpus: the fit record's (0: not said). */
void model_set_fit(Model *m, double serial_fraction, int cpus);
void model_message(Model *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* i = 0 is the newest; NULL past the end. */
const char *model_msg(const Model *m, int i);
void model_add_output(Model *m, const char *line, size_t len);
const char *model_out_line(const Model *m, int i); /* i = 0 is the oldest kept */

/* `corelab trace`'s span names its thread: row `thread` is tid of pid,
 * called name (its comm; "T1", "T2"... when it has none of its own). */
void model_name_thread(Model *m, int thread, int pid, int tid, const char *name);
/* A row's label in at most width columns: "T0" for a demo's thread; for a
 * traced one its name and tid ("T1 12345", "worker-2 12346"), or for a
 * process's main thread its pid and name ("[12340] python3"). */
void model_thread_label(const Model *m, int th, char *buf, size_t n, int width);
/* The columns the timeline gives labels: 4 for a demo, MODEL_LABEL_W traced. */
int model_label_width(const Model *m);
/* The rows to draw in room rows for a window starting at t0, in order:
 * all of them when they fit; else those whose spans reach into the window
 * (of a traced program, those that ran there first), and in the room left
 * those that ended last (a traced program's threads that ended long before
 * drop out). Returns how many were put in rows. */
int model_window_rows(const Model *m, double t0, int room, int *rows);

/* Percent of CPU c, age samples back (0 = newest); -1 when unknown. */
int model_hist(const Model *m, int c, int age);
/* For thread th, the state holding most of each cell [t0 + k*cell, +cell)
 * for k < ncells, into out (STATE_COUNT where nothing is known). */
/* The timeline's right edge: spans arrive when they end (a long one is
 * cut every 0.1 s), so the newest span end would leave a thread that is
 * still waiting blank at the right. The edge is the earliest latest-end
 * among threads still reporting (within MODEL_LIVE_S of the newest). */
#define MODEL_LIVE_S 0.15
double model_timeline_edge(const Model *m);
void model_thread_cells(const Model *m, int th, double t0, double cell, int ncells, uint8_t *out);
/* The fit to use: the stream's, or a least-squares estimate from the
 * results so far (*estimated true) once they cover three worker counts
 * that each have a CPU, 1 among them (as the demo fits); false when
 * neither. */
bool model_fit(const Model *m, double *f, bool *estimated);
/* The CPUs the demo may use, which the fit caps the workers at: the fit
 * record's, else the samples' (fewer under a cgroup quota); 0: unknown. */
int model_cpus(const Model *m);
/* The speedup Amdahl's law gives serial fraction f at `workers` workers
 * on the model's CPUs (workers beyond them run as that many), as the fit
 * reads the results. */
double model_amdahl(const Model *m, double f, double workers);
/* Whether other programs held CPUs that a result's run needed (its
 * busy_others, demo_run_disturbed); *most: the most they held (may be NULL). */
bool model_disturbed(const Model *m, double *most);
void shown_result_free(ShownResult *r);

/* ---- line reader ---- */
typedef void (*LineFn)(void *ctx, const char *line, size_t len, bool cut);

typedef struct {
    char *buf;      /* LINE_MAX_BYTES */
    size_t len;
    bool skipping;  /* inside an over-long line: drop until the newline */
    size_t skipped;
} LineReader;

void linereader_init(LineReader *lr);
void linereader_free(LineReader *lr);
/* Split data into lines; an over-long line is delivered once, cut at
 * LINE_MAX_BYTES with cut = true, and its rest dropped. */
void linereader_feed(LineReader *lr, const char *data, size_t n, LineFn fn, void *ctx);
/* At end of stream: deliver what is left as a last line. */
void linereader_finish(LineReader *lr, LineFn fn, void *ctx);
typedef enum { LR_AGAIN, LR_EOF, LR_ERROR } LrStatus;
/* Read what fd has now (at most max_bytes this call). */
LrStatus linereader_read(LineReader *lr, int fd, size_t max_bytes, LineFn fn, void *ctx);

/* One line of `corelab demo --json`; anything else becomes a message. */
void stream_parse_line(Model *m, const char *line, size_t len, bool cut);
/* A LineFn whose ctx is a Model: stream_parse_line. */
void stream_line_fn(void *ctx, const char *line, size_t len, bool cut);

/* ---- drawing ---- */
typedef struct {
    UiCaps caps;
    bool color;    /* caps.color and the terminal has colours */
    bool focused;  /* the pane drawn has the focus */
} DrawCtx;

/* Colour pairs, from UI_PAIR_PANES_BASE. */
enum {
    PANE_PAIR_RUN = UI_PAIR_PANES_BASE, PANE_PAIR_WAIT, PANE_PAIR_NOGIL, PANE_PAIR_IO,
    PANE_PAIR_BAR, PANE_PAIR_BAR_HIGH, PANE_PAIR_MEASURED, PANE_PAIR_IDEAL, PANE_PAIR_AMDAHL,
    PANE_PAIR_TITLE, PANE_PAIR_ERROR, PANE_PAIR_GOOD, PANE_PAIR_LAST
};
void pane_init_colors(void); /* idempotent per terminal */

/* Helpers shared by the renderers (draw.c). Text is UTF-8; in ASCII mode
 * anything outside ASCII is drawn as '?'. */
/* Text at (y,x) clipped to w columns and padded with spaces to w. */
void pane_line(WINDOW *win, const DrawCtx *dc, int y, int x, int w, const char *text, attr_t attr);
/* Text at (y,x) clipped to w columns, no padding; returns columns used. */
int pane_text(WINDOW *win, const DrawCtx *dc, int y, int x, int w, const char *text, attr_t attr);
void pane_blank(WINDOW *win, const Rect *r);
/* A pane title on the rect's first row: " name  extra", reversed when focused. */
void pane_title(WINDOW *win, const Rect *r, const DrawCtx *dc, const char *name, const char *extra);
/* A title that never cuts a number: the first of the extras (richest
 * first) that fits whole beside the first of the names (longest first)
 * that leaves it room; none when none fits, beside the shortest name.
 * Empty strings are skipped. */
void pane_title_fit(WINDOW *win, const Rect *r, const DrawCtx *dc, const char *const *names, int nnames,
                    const char *const *extras, int nextras);
/* Columns " name  extra" takes in a title (the focus mark included). */
int pane_title_cols(const DrawCtx *dc, const char *name, const char *extra);
/* Drops s's last clauses (", "- or "; "-separated) until it fits in width
 * columns; false, and s empty, when even the first does not. A number
 * never loses its unit this way. */
bool pane_fit_clauses(char *s, int width);
attr_t pane_pair(const DrawCtx *dc, int pair);
/* Display columns of a UTF-8 string. */
int pane_cols(const char *s);

void meters_draw(WINDOW *win, const Rect *r, const Model *m, const DrawCtx *dc, const char *title);
void chart_draw(WINDOW *win, const Rect *r, const Model *m, const DrawCtx *dc, int max_workers,
                bool table_only);
/* The same; idle: what it says before the first result (NULL: that it
 * waits for one). */
void chart_draw_idle(WINDOW *win, const Rect *r, const Model *m, const DrawCtx *dc, int max_workers,
                     bool table_only, const char *idle);
typedef struct {
    double cell_s;    /* seconds per cell */
    bool paused;
    double t_end;     /* right edge when paused */
    int first_row;    /* the first thread row shown (scrolled); kept in range by the draw */
    const char *idle_text; /* the rows' line before any span; NULL: "waiting for thread spans..." */
} TimelineView;
/* Returns the first row it showed (v->first_row kept in range). */
int timeline_draw(WINDOW *win, const Rect *r, const Model *m, const DrawCtx *dc, const TimelineView *v);
/* Glyph (UTF-8 or ASCII per caps) for a state, and its colour pair. */
const char *timeline_glyph(const UiCaps *caps, int state);
/* pending: the line the command is still writing (no newline yet), or NULL. */
void output_draw(WINDOW *win, const Rect *r, const Model *m, const DrawCtx *dc, const char *title,
                 const char *pending, size_t pending_len);
/* The same, scrolled back `back` lines from the newest; returns back as
 * kept in range. */
int output_draw_at(WINDOW *win, const Rect *r, const Model *m, const DrawCtx *dc, const char *title,
                   const char *pending, size_t pending_len, int back);

/* ---- export ---- */
/* The results as CSV text (caller frees); a speedup and an efficiency
 * only for a demo that splits its work among the workers. */
char *export_csv_text(const Model *m);
/* The path typed, with a leading ~ or ~user as the shell expands it
 * (caller frees). */
char *export_path(const char *typed);
/* Write it to path; 0 or an errno value. */
int export_csv(const Model *m, const char *path);

/* ---- demos on a compute node (node.c) ---- */
struct Scheduler;
typedef struct {
    bool on;
    const struct Scheduler *sched; /* cluster/: whose node_run_argv wraps the demo */
    int cpus;        /* --cpus-per-task */
    char *partition; /* "" = the scheduler's default */
    char *exe;       /* corelab's real path, which srun runs on the node */
    struct NodeQueue *queue; /* while srun's job waits: its id and why (node.c) */
} NodeRun;
/* Read the cluster settings and check that the scheduler can run demos on
 * a node (it has a node_run_argv, its program is on PATH, self_exe
 * resolves). 0 and on; or -1, n unchanged, with a one-line reason in msg. */
int node_run_enable(NodeRun *n, const char *self_exe, char *msg, size_t len);
void node_run_disable(NodeRun *n); /* off; frees */
/* The scheduler's `srun ... EXE SUBCOMMAND ARGS...` for self_argv =
 * `SELF SUBCOMMAND ARGS...`, a demo or a trace (caller frees with
 * argv_free). */
char **node_run_wrap(const NodeRun *n, char *const self_argv[]);
/* "on a node via srun, 2 CPUs" */
void node_run_describe(const NodeRun *n, char *buf, size_t len);
/* A new run: what the last one waited for is forgotten. */
void node_run_reset(NodeRun *n);
/* One of srun's own lines (not the node's JSON): srun says when its job
 * is queued, with its id, and when it has its node. */
void node_run_note(NodeRun *n, const char *line, size_t len);
/* While the job waits: the scheduler is asked why, every few seconds, in a
 * child. true when what node_run_queued says changed. */
bool node_run_service(NodeRun *n, double now);
/* "queued as job 123 (Resources): waiting for CPUs or memory to free up",
 * or NULL when srun is not waiting in the queue. */
const char *node_run_queued(const NodeRun *n);
/* srun's error (err), wrapped into r, and what to try next; started: the
 * node's stream had begun (the demo failed there, not srun before it). */
void node_run_draw_failure(WINDOW *win, const DrawCtx *dc, const Rect *r, const char *err,
                           bool started);

#endif
