/* The panel's keys, as tables (ui/keys.h): run and stop, pane focus,
 * scrolling the focused pane and zooming it to the whole screen; on a
 * demo's panes workers and switch interval (restarting a running demo),
 * the timeline's zoom, pause and scroll, the table view, the CSV export
 * prompt and running demos on a node. */
#include "ui/panes/figures.h"
#include "ui/panes/panel_state.h"
#include "util/util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void restart_if_running(Panel *p)
{
    if (p->running)
        panel_start(p);
}

static void change_workers(Panel *p, int delta)
{
    int nw = p->max_workers + delta;
    if (nw < 1 || nw > MAX_LIST) {
        panel_notice(p, true, "workers stay between 1 and %d", MAX_LIST);
        return;
    }
    p->max_workers = nw;
    panel_rebuild_workers(p);
    panel_notice(p, false, "workers up to %d%s", nw, p->running ? ": restarting" : " (r to run)");
    restart_if_running(p);
}

static void change_interval(Panel *p, double factor)
{
    const DemoOption *o = demo_option(DEMO_OPT_SWITCH_INTERVAL);
    if (!demo_name_takes(p->step->demo->name, DEMO_OPT_SWITCH_INTERVAL)) {
        char msg[256];
        demo_option_refusal(o, o->what, p->step->demo->name, msg, sizeof msg);
        panel_notice(p, true, "%s", msg);
        return;
    }
    double v = p->switch_ms * factor;
    if (v < o->min || v > o->max) {
        panel_notice(p, true, "%s stays between %g and %g %s", o->what, o->min, o->max, o->unit);
        return;
    }
    p->switch_ms = v;
    char ms[32];
    demo_format_ms(v, ms, sizeof ms);
    figures_ascii(ms, p->caps.ascii);
    panel_notice(p, false, "switch interval %s%s", ms, p->running ? ": restarting" : " (r to run)");
    restart_if_running(p);
}

static void cycle_focus(Panel *p, int dir)
{
    panes_cycle_focus(&p->panes, dir);
    panel_mark(p);
}

/* `n`: demos (and traced runs) on a compute node through srun, or here
 * again. */
static void toggle_node(Panel *p)
{
    if (p->kind != KIND_DEMO && !p->traced) {
        panel_notice(p, true, "only a demo or a traced run goes to a node; this step's command runs here");
        return;
    }
    char msg[256];
    p->node_failed = false;
    if (p->node.on) {
        node_run_disable(&p->node);
        snprintf(msg, sizeof msg, "demos run on this machine again");
    } else if (node_run_enable(&p->node, p->self_exe, msg, sizeof msg) == 0) {
        char where[64];
        node_run_describe(&p->node, where, sizeof where);
        snprintf(msg, sizeof msg, "%s %s%s%s", p->traced ? "traced runs go" : "demos run", where,
                 p->node.partition[0] ? " in " : "", p->node.partition);
    } else {
        panel_notice(p, true, "%s", msg);
        return;
    }
    if (p->kind == KIND_DEMO && p->nbase == 0) { /* the sweep's top follows where it runs */
        p->max_workers = panel_default_workers(p);
        p->nworkers = 0;
    }
    panel_notice(p, false, "%s%s", msg, p->running ? ": restarting" : " (r to run)");
    restart_if_running(p);
}

/* ./corelab-LESSON-stepN-DEMO-VARIANT.csv: two steps never share it. */
static char *default_export_path(const Panel *p)
{
    const LessonDemo *d = p->step->demo;
    const Lesson *l = p->lesson;
    char step[32] = "";
    if (l && l->steps && p->step >= l->steps && p->step < l->steps + l->n_steps)
        snprintf(step, sizeof step, "-step%ld", (long)(p->step - l->steps) + 1);
    return xasprintf("./corelab-%s%s-%s%s%s.csv", l && l->id ? l->id : "lesson", step, d->name,
                     d->variant ? "-" : "", d->variant ? d->variant : "");
}

/* ---- the export prompt: every key goes to the path being typed ---- */

static bool prompt_cancel(void *ctx, int key)
{
    (void)key;
    Panel *p = ctx;
    p->prompting = false;
    panel_notice(p, false, "export cancelled");
    return true;
}

static bool prompt_write(void *ctx, int key)
{
    (void)key;
    Panel *p = ctx;
    p->prompting = false;
    p->prompt[p->prompt_len] = '\0';
    char *path = export_path(p->prompt);
    int err = export_csv(&p->model, path);
    if (err) {
        panel_notice(p, true, "cannot write %s: %s", path, strerror(err));
    } else {
        char *full = realpath(path, NULL); /* where it went, whatever the path typed */
        panel_notice(p, false, "wrote %d result%s to %s", p->model.nresults, p->model.nresults == 1 ? "" : "s",
                     full ? full : path);
        free(full);
    }
    free(path);
    return true;
}

static bool prompt_erase(void *ctx, int key)
{
    (void)key;
    Panel *p = ctx;
    /* Drop a whole UTF-8 character. */
    while (p->prompt_len > 0 && ((unsigned char)p->prompt[p->prompt_len - 1] & 0xc0) == 0x80)
        p->prompt_len--;
    if (p->prompt_len > 0)
        p->prompt_len--;
    return true;
}

static bool prompt_clear(void *ctx, int key)
{
    (void)key;
    ((Panel *)ctx)->prompt_len = 0;
    return true;
}

static bool prompt_type(void *ctx, int key)
{
    Panel *p = ctx;
    if (p->prompt_len + 1 < sizeof p->prompt)
        p->prompt[p->prompt_len++] = (char)key;
    return true;
}

static const KeyBinding prompt_keys[] = {
    {.keys = {'\n', '\r', KEY_ENTER}, .names = "Enter", .what = "write the CSV file",
     .run = prompt_write},
    {.keys = {27}, .names = "Esc", .what = "no export", .run = prompt_cancel},
    {.keys = {KEY_BACKSPACE, 127, 8}, .names = "Backspace", .what = "delete a character",
     .run = prompt_erase},
    {.keys = {21}, .names = "Ctrl-U", .what = "clear the path", .run = prompt_clear},
    {.range_lo = 0x20, .range_hi = 0xff, .names = "text", .what = "the path", .run = prompt_type},
    {.names = NULL},
};

static void start_export(Panel *p)
{
    if (p->model.nresults == 0) {
        panel_notice(p, true, "no results to export yet: press r and let the demo finish a run");
        return;
    }
    char *def = default_export_path(p);
    snprintf(p->prompt, sizeof p->prompt, "%s", def);
    p->prompt_len = strlen(p->prompt);
    free(def);
    p->prompting = true;
    panel_mark(p);
}

/* The keys of the step's panes (the timeline's zoom, pause and scroll,
 * the chart's table): what one of them says goes to the footer. */
static bool pane_key(Panel *p, int key)
{
    const PaneView *v = panes_key(&p->panes, key);
    if (v && v->notice[0])
        panel_notice(p, v->notice_bad, "%s", v->notice);
    else if (v)
        panel_mark(p);
    return v != NULL;
}

/* ---- the tables ---- */

KEY_ACTION_CALLS(key_run, panel_start)

KEY_ACTION_CALLS(key_stop, panel_stop)

static bool key_focus(void *ctx, int key)
{
    cycle_focus(ctx, key == KEY_BTAB ? -1 : 1);
    return true;
}

KEY_ACTION_CALLS(key_node, toggle_node)

/* m: the focused pane alone on the whole screen, or back beside the text. */
static bool key_zoom(void *ctx, int key)
{
    (void)key;
    Panel *p = ctx;
    p->panes.zoomed = !p->panes.zoomed;
    panel_mark(p);
    return true;
}

/* Rows of the focused pane (its threads, its lines): S-Up, S-Down; when
 * zoomed, the arrows, the page keys, Home and End too. */
static bool key_rows(void *ctx, int key)
{
    Panel *p = ctx;
    int page = panes_page(&p->panes);
    int rows = key == KEY_SR || key == KEY_UP ? -1 : key == KEY_SF || key == KEY_DOWN ? 1
             : key == KEY_PPAGE ? -page : key == KEY_HOME ? INT_MIN / 2 : key == KEY_END ? INT_MAX / 2 : page;
    if (!panes_scroll(&p->panes, rows)) {
        panel_notice(p, false, "the %s pane does not scroll", pane_classes[p->panes.focus]->name);
        return true;
    }
    panel_mark(p);
    return true;
}

/* The keys below work on a demo's panes only. */
static Panel *demo_of(void *ctx)
{
    Panel *p = ctx;
    return p->kind == KIND_DEMO ? p : NULL;
}

static bool key_workers(void *ctx, int key)
{
    Panel *p = demo_of(ctx);
    if (p)
        change_workers(p, key == '+' || key == '=' ? 1 : -1);
    return p != NULL;
}

static bool key_interval(void *ctx, int key)
{
    Panel *p = demo_of(ctx);
    if (p)
        change_interval(p, key == '[' ? 0.5 : 2.0);
    return p != NULL;
}

static bool key_export(void *ctx, int key)
{
    (void)key;
    Panel *p = demo_of(ctx);
    if (p)
        start_export(p);
    return p != NULL;
}

const KeyBinding panel_step_keys[] = {
    {.keys = {'r'}, .names = "r", .hint = "run", .what = "run this step's demo or exercise", .run = key_run,
     .more = "Run this step's demo or exercise in the pane beside the text."},
    {.keys = {'s'}, .names = "s", .hint = "stop", .what = "stop it", .run = key_stop},
    {.keys = {'\t'}, .names = "Tab", .hint = "focus", .what = "focus the next pane", .run = key_focus},
    {.keys = {KEY_BTAB}, .names = "S-Tab", .what = "focus the previous pane", .run = key_focus},
    {.keys = {'m'}, .names = "m", .hint = "full", .what = "the focused pane on the whole screen, or back",
     .run = key_zoom,
     .more = "Zoom the focused pane to the whole screen, as tmux zooms a pane; m or Esc brings the "
             "text back. Zoomed, the arrows, PgUp, PgDn, Space, Home and End scroll the pane."},
    {.keys = {KEY_SR, KEY_SF}, .names = "S-Up  S-Down", .hint = "rows",
     .what = "scroll the focused pane: the timeline's rows, the output's lines", .run = key_rows},
    {.names = NULL},
};

/* The keys of a zoomed pane, before every other. */
const KeyBinding panel_zoom_keys[] = {
    {.keys = {27, 'm'}, .names = "Esc  m", .hint = "back", .what = "the text beside the panes again",
     .run = key_zoom},
    {.keys = {KEY_UP, KEY_DOWN}, .names = "Up  Down", .hint = "scroll", .what = "scroll the pane a row",
     .run = key_rows},
    {.keys = {KEY_PPAGE, KEY_NPAGE, ' '}, .names = "PgUp  PgDn  Space", .hint = "page",
     .what = "scroll the pane a page", .run = key_rows},
    {.keys = {KEY_HOME, KEY_END}, .names = "Home  End", .what = "the pane's first / last rows", .run = key_rows},
    {.names = NULL},
};

const KeyBinding panel_demo_keys[] = {
    {.keys = {'+', '=', '-', '_'}, .names = "+  -", .hint = "workers",
     .what = "more / fewer workers, restarting a running demo", .run = key_workers,
     .more = "More or fewer workers (= and _ too); a running demo restarts with them."},
    {.keys = {'[', ']'}, .names = "[  ]", .hint = "interval",
     .what = "shorter / longer GIL switch interval (gil)", .run = key_interval},
    {.keys = {'e'}, .names = "e", .hint = "export", .what = "export the results to a CSV file",
     .run = key_export},
    {.keys = {'n'}, .names = "n", .hint = "node",
     .what = "demos and traced runs on a compute node (srun), or here again", .run = key_node,
     .more = "Run the demos on a compute node: r then starts the demo through Slurm's srun with "
             "the cpus and partition of your settings (those of the Jupyter form), and the meters "
             "show the node's cores. A run step with trace: true goes there too, traced on the "
             "node. Pressed again, they run here. Needs scheduler: slurm and srun on PATH."},
    {.names = NULL},
};

const KeySection panel_key_sections[] = {
    {"Steps with a demo or an exercise", panel_step_keys},
    {"Demos", panel_demo_keys},
    {"The timeline", timeline_pane_keys},
    {"The chart", chart_pane_keys},
    {"A pane zoomed to the whole screen (m)", panel_zoom_keys},
    {0},
};

/* The hints of table, each at prio (skip: one binding to leave out). */
static int add_hints(KeyHint *h, int n, int max, const KeyBinding *table, int prio, KeyAction skip)
{
    for (const KeyBinding *b = table; b && b->names && n < max; b++)
        if (b->hint && (!skip || b->run != skip))
            h[n++] = (KeyHint){b, prio};
    return n;
}

void panel_key_hints(const Panel *p, char *buf, size_t n, int width)
{
    enum { MAX = 32 };
    KeyHint h[MAX];
    int k = 0;
    const PaneClass *focused = pane_classes[p->panes.focus];
    const PaneView *fv = &p->panes.view[p->panes.focus];
    bool scrolls = focused->scroll_by != NULL && fv->total > fv->page; /* rows hidden */
    if (p->panes.zoomed) {
        k = add_hints(h, k, MAX, panel_zoom_keys, 0, scrolls ? NULL : key_rows);
        k = add_hints(h, k, MAX, focused->keys, 1, NULL);
    } else {
        /* The step's keys first, the focused pane's next, then the demo's
         * (the interval only where the demo has one; a traced run has only
         * the node), the others' last. */
        k = add_hints(h, k, MAX, panel_step_keys, 0, NULL);
        for (int i = 0; i < k; i++)
            h[i].prio = h[i].b->run == key_zoom || h[i].b->run == key_rows ? 1 : 0;
        k = add_hints(h, k, MAX, focused->keys, 1, NULL);
        if (p->kind == KIND_DEMO || p->traced) {
            bool interval = p->kind == KIND_DEMO && demo_name_takes(p->step->demo->name, DEMO_OPT_SWITCH_INTERVAL);
            int first = k;
            k = add_hints(h, k, MAX, panel_demo_keys, 2, interval ? NULL : key_interval);
            int kept = first;
            for (int i = first; i < k; i++) {
                if (p->kind != KIND_DEMO && h[i].b->run != key_node)
                    continue;
                h[i].prio = h[i].b->run == key_node ? 5 : h[i].b->run == key_interval ? 3 : 2;
                h[kept++] = h[i];
            }
            k = kept;
            for (int id = 0; id < PANE_COUNT; id++)
                if (id != p->panes.focus && panes_in_step(&p->panes, id))
                    k = add_hints(h, k, MAX, pane_classes[id]->keys, 4, NULL);
        }
    }
    for (int i = 0; i < k; i++) /* a scroll key where nothing scrolls says nothing */
        if (h[i].b->run == key_rows && !scrolls)
            h[i].prio = 9;
    snprintf(buf, n, " ");
    keys_hints_fit(h, k, "  ", width - 1, buf, n);
}

bool panel_key(Panel *p, int key)
{
    if (!p->step)
        return false;
    if (p->prompting) {
        keys_dispatch(prompt_keys, p, key);
        p->prompt[p->prompt_len] = '\0';
        panel_mark(p);
        return true;
    }
    if (p->panes.zoomed && keys_dispatch(panel_zoom_keys, p, key))
        return true;
    return keys_dispatch(panel_step_keys, p, key) || keys_dispatch(panel_demo_keys, p, key) || pane_key(p, key);
}

bool panel_zoomed(const Panel *p)
{
    return p && p->step && p->panes.zoomed;
}
