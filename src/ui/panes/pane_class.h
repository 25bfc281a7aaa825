/* ui/panes/pane_class: the live panes as a table of pane classes, the way
 * htop has its meters. Each pane (a run's output, the per-core meters, the
 * speedup chart with the results table, the thread timeline) is one file
 * that defines one `const PaneClass`: its name and help line, the steps
 * that show it, where it goes when panes share the panel, the rows and
 * columns it wants, its drawing and its keys. The layout, the drawing,
 * Tab's focus and the pane keys all walk PANE_TABLE; no other code names
 * a pane.
 *
 * A new pane is one file, one table line and one meson line:
 *   1. src/ui/panes/name.c defines `const PaneClass name_pane_class`,
 *      its size and draw functions static in that file, its keys (if
 *      any) a KeyBinding table (ui/keys.h) whose actions get the pane's
 *      PaneView as ctx;
 *   2. X(NAME, name_pane_class) in PANE_TABLE below, where Tab should
 *      reach it (the layout reads the table in the same order: left to
 *      right, top to bottom), which also makes its id PANE_NAME;
 *   3. 'name.c' in src/ui/panes/meson.build.
 * tests/panes/test_render.c checks that every entry is complete. */
#ifndef CORELAB_UI_PANES_PANE_CLASS_H
#define CORELAB_UI_PANES_PANE_CLASS_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

#include "ui/keys.h"
#include "ui/panes/panes.h"
#include "util/rect.h"

/* What the panel tells the panes, the same for each: set at each step
 * (panes_reset) and before each draw. */
typedef struct {
    bool demo;           /* a demo step; else a run step */
    bool traced;         /* a run step with `trace: true` (set after panes_reset) */
    bool running;        /* its child runs */
    bool ran;            /* a run has started on this step: the stream is its */
    bool on_node;        /* the child is srun, running the demo on a compute node */
    int max_workers;     /* the sweep's top: the chart's x axis */
    const int *workers;  /* the sweep's worker counts (nworkers 0: 1 to max_workers) */
    int nworkers;
    const Model *stream; /* the child's stream or output: the model the panes draw */
    const Model *system; /* the whole machine, from the probe; NULL: none */
    const char *pending; /* a run's line still being written (no newline yet), or NULL */
    size_t pending_len;
} PaneScene;

/* One pane's view: what the panel tells it, and what the pane keeps from
 * one draw or key to the next. That state is zero when a step starts. */
typedef struct {
    const PaneScene *scene;
    DrawCtx dc;        /* caps and colours; dc.focused: this pane has the focus */
    int zoom;          /* steps finer (< 0) or coarser (> 0) than its first scale */
    bool paused;       /* frozen at paused_t instead of following the stream */
    double paused_t;
    int cells;         /* columns of data when last drawn (a scroll moves half) */
    int mode;          /* which of its views the pane shows; 0: its first */
    int scroll;        /* how far its rows are scrolled, as the pane counts it */
    int page;          /* rows of content it showed when last drawn */
    int total;         /* rows of content it had then (more than page: it scrolls) */
    char notice[160];  /* what a key had to say, for the footer; "": nothing */
    bool notice_bad;
} PaneView;

/* Where a pane goes when the step's panes share the panel. */
typedef enum {
    PANE_FILL, /* the room the others leave (the chart; a run's output) */
    PANE_SIDE, /* beside the fill when the panel is wide (the meters) */
    PANE_BAND  /* a strip the whole width under them (the timeline) */
} PanePlace;

/* A panel body this tall (and 80 columns wide) is laid out tall: the side
 * panes over the fill, the bands under it, each pane taller than its
 * least. */
enum { PANE_TALL_ROWS = 30, PANE_TALL_COLS = 80 };

/* The steps that show a pane: a traced run step shows those of a run
 * step and those of a traced one. */
enum { PANE_IN_DEMO = 1, PANE_IN_RUN = 2, PANE_IN_TRACE = 4 };

/* What a pane wants of the panel's body; rows count its title. */
typedef struct {
    int rows;     /* the rows it would fill (a fill: the rows it draws whole in);
                   * 0: it has nothing to show, leave it out */
    int min_rows; /* the fewest it is drawn in */
    int max_rows; /* stacked with the others: the most it takes; 0: no limit */
    int cols;     /* a side pane beside the fill: its columns */
} PaneSize;

typedef struct {
    const char *name; /* as the `?` screen calls it: "timeline" */
    const char *help; /* one line for the `?` screen: what it shows */
    unsigned steps;   /* PANE_IN_DEMO | PANE_IN_RUN | PANE_IN_TRACE */
    PanePlace place;
    PaneSize (*size)(const Model *m, const PaneView *v, Rect body);
    /* Draws all of r, its title on the first row; m is the scene's stream. */
    void (*draw)(WINDOW *win, Rect r, const Model *m, PaneView *v);
    /* Its keys, whether or not it has the focus (the focused pane is asked
     * first); the actions get its PaneView as ctx. NULL: none. */
    const KeyBinding *keys;
    /* Scrolls its rows: rows < 0 up (towards the first thread, the oldest
     * line), > 0 down; its draw keeps v->scroll in range. NULL: it does
     * not scroll. */
    void (*scroll_by)(PaneView *v, int rows);
} PaneClass;

/* The panes, in the order Tab visits them; X(ID, class) gives the class
 * the id PANE_ID. */
#define PANE_TABLE(X)                \
    X(OUTPUT, output_pane_class)     \
    X(METERS, meters_pane_class)     \
    X(CHART, chart_pane_class)       \
    X(TIMELINE, timeline_pane_class) \
    X(TRACE, trace_pane_class)

#define PANE_ID_OF(id, cls) PANE_##id,
typedef enum { PANE_TABLE(PANE_ID_OF) PANE_COUNT } PaneId;
#undef PANE_ID_OF
#define PANE_DECLARE(id, cls) extern const PaneClass cls;
PANE_TABLE(PANE_DECLARE)
#undef PANE_DECLARE

extern const PaneClass *const pane_classes[PANE_COUNT];
/* The panes' own keys, for the `?` screen and the footer (ui/keys.h). */
extern const KeyBinding timeline_pane_keys[], chart_pane_keys[];

/* The step's panes: the scene, a view per pane and the focus. */
typedef struct {
    PaneScene scene;
    PaneView view[PANE_COUNT];
    int focus;   /* the PaneId Tab has reached */
    bool zoomed; /* the focused pane alone, the whole screen */
} Panes;

/* Whether the step the scene describes shows pane id. */
bool panes_in_step(const Panes *ps, int id);
/* A new step: every view as new, the focus on the step's first pane; the
 * scene says demo, and keeps stream and system for good. */
void panes_reset(Panes *ps, bool demo, const Model *stream, const Model *system);
/* A new run: the panes follow the stream again (a paused timeline resumes). */
void panes_follow(Panes *ps);
/* Tab (dir 1), Shift-Tab (-1): the step's next pane, in table order. */
void panes_cycle_focus(Panes *ps, int dir);
/* Key for the step's panes, the focused one first: the view of the pane
 * that took it (its notice says what to tell), or NULL. */
PaneView *panes_key(Panes *ps, int key);
/* Scrolls the focused pane by rows (< 0: up); false when it does not
 * scroll. */
bool panes_scroll(Panes *ps, int rows);
/* The rows a page of the focused pane holds (at least 1). */
int panes_page(const Panes *ps);
/* What a key of a pane has to say in the footer. */
void pane_notice(PaneView *v, bool bad, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- layout (layout.c) ---- */
typedef struct {
    Rect header, footer;
    Rect pane[PANE_COUNT];
    bool shown[PANE_COUNT];
} PaneLayout;
/* Splits area among a header row, the step's panes and a footer row:
 * side by side when the panel is wide, stacked when it is narrow, the
 * focused pane alone when even that does not fit (Tab then flips through
 * them). False when area is too small for any of it. */
bool layout_panel(PaneLayout *l, Rect area, const Panes *ps, const Model *m);
/* Draws each pane l shows; base gives caps and colours. */
void panes_draw(Panes *ps, WINDOW *win, const PaneLayout *l, const Model *m, const DrawCtx *base);

#endif
