/* The panel's keys: workers and switch interval (restarting a running
 * demo), pane focus, running demos on a node, and the CSV export prompt;
 * then the keys of the panes (pane_class.h). */
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
    if (strcmp(p->step->demo->name, "gil") != 0) {
        panel_notice(p, true, "the switch interval belongs to the gil demo");
        return;
    }
    double v = p->switch_ms * factor;
    if (v < 0.001 || v > 1000) {
        panel_notice(p, true, "the switch interval stays between 0.001 and 1000 ms");
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
    if (pane_key(p, key))
        return true;
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
    case 'e':
        start_export(p);
        return true;
    default:
        return false;
    }
}
