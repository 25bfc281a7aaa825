/* The panel's keys: workers and switch interval (restarting a running
 * demo), pane focus, the timeline's zoom, pause and scroll, the table
 * view, running demos on a node, and the CSV export prompt. */
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
    static const int demo_order[] = {PANE_METERS, PANE_CHART, PANE_TIMELINE};
    static const int run_order[] = {PANE_OUTPUT, PANE_METERS};
    const int *order = p->kind == KIND_DEMO ? demo_order : run_order;
    int n = p->kind == KIND_DEMO ? 3 : 2;
    int at = 0;
    for (int i = 0; i < n; i++)
        if (order[i] == p->focus)
            at = i;
    p->focus = order[(at + dir + n) % n];
    panel_mark(p);
}

/* `n`: demos on a compute node through srun, or here again. */
static void toggle_node(Panel *p)
{
    if (p->kind != KIND_DEMO) {
        panel_notice(p, true, "only a demo runs on a node; this step's command runs here");
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
        snprintf(msg, sizeof msg, "demos run %s%s%s", where, p->node.partition[0] ? " in " : "",
                 p->node.partition);
    } else {
        panel_notice(p, true, "%s", msg);
        return;
    }
    if (p->nbase == 0) { /* the sweep's top follows where it runs */
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

static void prompt_key(Panel *p, int key)
{
    if (key == 27) {
        p->prompting = false;
        panel_notice(p, false, "export cancelled");
    } else if (key == '\n' || key == '\r' || key == KEY_ENTER) {
        p->prompting = false;
        p->prompt[p->prompt_len] = '\0';
        int err = export_csv(&p->model, p->prompt);
        if (err)
            panel_notice(p, true, "cannot write %s: %s", p->prompt, strerror(err));
        else
            panel_notice(p, false, "wrote %d result%s to %s", p->model.nresults, p->model.nresults == 1 ? "" : "s",
                       p->prompt);
    } else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
        /* Drop a whole UTF-8 character. */
        while (p->prompt_len > 0 && ((unsigned char)p->prompt[p->prompt_len - 1] & 0xc0) == 0x80)
            p->prompt_len--;
        if (p->prompt_len > 0)
            p->prompt_len--;
    } else if (key == 21) { /* ^U */
        p->prompt_len = 0;
    } else if (key >= 0x20 && key < 0x100 && key != 0x7f && p->prompt_len + 1 < sizeof p->prompt) {
        p->prompt[p->prompt_len++] = (char)key;
    }
    p->prompt[p->prompt_len] = '\0';
    panel_mark(p);
}

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

/* Half a window back or forward in time; scrolling pauses the timeline. */
static void scroll_timeline(Panel *p, int dir)
{
    double cell = panel_zoom_levels[p->zoom];
    double half = (p->tl_cells > 2 ? p->tl_cells / 2 : 1) * cell;
    if (!p->paused)
        p->paused_t = p->model.t_spans;
    p->paused = true;
    p->paused_t += dir * half;
    if (p->paused_t > p->model.t_spans)
        p->paused_t = p->model.t_spans;
    if (p->paused_t < half)
        p->paused_t = half;
    panel_notice(p, false, "timeline paused at %.3f s (< > scroll, p follows the demo)", p->paused_t);
}

bool panel_key(Panel *p, int key)
{
    if (!p->step)
        return false;
    if (p->prompting) {
        prompt_key(p, key);
        return true;
    }
    if (key == '\t') {
        cycle_focus(p, 1);
        return true;
    }
    if (key == KEY_BTAB) {
        cycle_focus(p, -1);
        return true;
    }
    if (key == 'n') {
        toggle_node(p);
        return true;
    }
    if (p->kind != KIND_DEMO)
        return false;
    switch (key) {
    case '+':
    case '=':
        change_workers(p, 1);
        return true;
    case '-':
    case '_':
        change_workers(p, -1);
        return true;
    case '[':
        change_interval(p, 0.5);
        return true;
    case ']':
        change_interval(p, 2.0);
        return true;
    case 'z':
        p->zoom = (p->zoom + ZOOM_N - 1) % ZOOM_N;
        panel_mark(p);
        return true;
    case 'Z':
        p->zoom = (p->zoom + 1) % ZOOM_N;
        panel_mark(p);
        return true;
    case 'p':
        p->paused = !p->paused;
        p->paused_t = p->model.t_spans;
        panel_notice(p, false, p->paused ? "timeline paused (p resumes)" : "timeline follows the demo again");
        return true;
    case '<':
    case '>':
        scroll_timeline(p, key == '<' ? -1 : 1);
        return true;
    case 't':
        p->table_only = !p->table_only;
        panel_mark(p);
        return true;
    case 'e':
        start_export(p);
        return true;
    default:
        return false;
    }
}
