/* The panel's keys, as tables (ui/keys.h): run and stop, pane focus;
 * on a demo's panes workers and switch interval (restarting a running
 * demo), the timeline's zoom, pause and scroll, the table view, the CSV
 * export prompt and running demos on a node. */
#include "ui/panes/panel_state.h"
#include "util/util.h"

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
    panel_notice(p, false, "switch interval %g ms%s", v, p->running ? ": restarting" : " (r to run)");
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

static char *default_export_path(const Panel *p)
{
    return xasprintf("./corelab-results-%s.csv", p->step->demo->name);
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
    int err = export_csv(&p->model, p->prompt);
    if (err)
        panel_notice(p, true, "cannot write %s: %s", p->prompt, strerror(err));
    else
        panel_notice(p, false, "wrote %d result%s to %s", p->model.nresults, p->model.nresults == 1 ? "" : "s",
                   p->prompt);
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

static bool key_run(void *ctx, int key)
{
    (void)key;
    panel_start(ctx);
    return true;
}

static bool key_stop(void *ctx, int key)
{
    (void)key;
    panel_stop(ctx);
    return true;
}

static bool key_focus(void *ctx, int key)
{
    cycle_focus(ctx, key == KEY_BTAB ? -1 : 1);
    return true;
}

static bool key_node(void *ctx, int key)
{
    (void)key;
    toggle_node(ctx);
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
    {0},
};

void panel_key_hints(const Panel *p, char *buf, size_t n)
{
    snprintf(buf, n, " ");
    keys_hints(panel_step_keys, "  ", buf, n);
    if (p->kind == KIND_DEMO) {
        snprintf(buf + strlen(buf), n - strlen(buf), "  ");
        keys_hints(panel_demo_keys, "  ", buf, n);
        snprintf(buf + strlen(buf), n - strlen(buf), "  ");
        keys_hints(timeline_pane_keys, "  ", buf, n);
        snprintf(buf + strlen(buf), n - strlen(buf), "  ");
        keys_hints(chart_pane_keys, "  ", buf, n);
    } else if (p->traced) {
        snprintf(buf + strlen(buf), n - strlen(buf), "  n node  ");
        keys_hints(timeline_pane_keys, "  ", buf, n);
    }
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
    return keys_dispatch(panel_step_keys, p, key) || keys_dispatch(panel_demo_keys, p, key) || pane_key(p, key);
}
