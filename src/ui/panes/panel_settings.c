/* The panel's demo settings: the step's, as + - [ ] and `n` change them,
 * and the command line of `corelab demo` they make. */
#include "ui/panes/panel_state.h"
#include "util/util.h"

#include <stdio.h>
#include <string.h>

static int max_of(const int *v, int n)
{
    int m = 0;
    for (int i = 0; i < n; i++)
        if (v[i] > m)
            m = v[i];
    return m;
}

/* The list for a new maximum: the lesson's values below it, or powers of
 * two when the lesson gave none, and the maximum itself. */
void panel_rebuild_workers(Panel *p)
{
    int n = 0;
    if (p->nbase > 0) {
        for (int i = 0; i < p->nbase && n < MAX_LIST - 1; i++)
            if (p->base[i] < p->max_workers)
                p->workers[n++] = p->base[i];
    } else {
        for (int w = 1; w < p->max_workers && n < MAX_LIST - 1; w *= 2)
            p->workers[n++] = w;
    }
    p->workers[n++] = p->max_workers;
    p->nworkers = n;
}

/* A sweep without the lesson's list goes up to the CPUs the demo gets:
 * this process's, or the node's allocation. */
int panel_default_workers(const Panel *p)
{
    return p->node.on ? p->node.cpus : probe_allowed_workers();
}

void panel_init_demo_settings(Panel *p, const LessonDemo *d)
{
    p->nbase = d->n_workers < MAX_LIST ? d->n_workers : MAX_LIST;
    memcpy(p->base, d->workers, sizeof(int) * (size_t)p->nbase);
    memcpy(p->workers, p->base, sizeof(int) * (size_t)p->nbase);
    p->nworkers = p->nbase;
    p->max_workers = p->nbase ? max_of(p->base, p->nbase) : panel_default_workers(p);
    if (p->max_workers < 1)
        p->max_workers = 1;
    double dflt = demo_option(DEMO_OPT_SWITCH_INTERVAL)->dflt;
    p->switch_ms = d->switch_interval_ms > 0 ? d->switch_interval_ms : dflt;
}

/* What the panel runs its demo with: the step's options, with the
 * workers and the switch interval as + - [ ] left them. The switch
 * interval goes to every demo that takes one (the keys change it), and to
 * any other whose step sets it, which then refuses it. */
static void demo_settings(const Panel *p, DemoSettings *s)
{
    const LessonDemo *d = p->step->demo;
    DemoValue *v = s->v;
    memset(s, 0, sizeof *s);
    s->name = d->name;
    if (d->variant)
        v[DEMO_OPT_VARIANT] = (DemoValue){.set = true, .word = d->variant};
    if (p->nworkers > 0) {
        v[DEMO_OPT_WORKERS].set = true;
        v[DEMO_OPT_WORKERS].ncounts = p->nworkers < DEMO_MAX_RUNS ? p->nworkers : DEMO_MAX_RUNS;
        memcpy(v[DEMO_OPT_WORKERS].counts, p->workers, sizeof(int) * (size_t)v[DEMO_OPT_WORKERS].ncounts);
    }
    if (d->work > 0)
        v[DEMO_OPT_WORK] = (DemoValue){.set = true, .num = (double)d->work};
    if (d->seconds > 0)
        v[DEMO_OPT_SECONDS] = (DemoValue){.set = true, .num = d->seconds};
    if (d->switch_interval_ms > 0 || demo_name_takes(d->name, DEMO_OPT_SWITCH_INTERVAL))
        v[DEMO_OPT_SWITCH_INTERVAL] = (DemoValue){.set = true, .num = p->switch_ms};
    if (d->chunksize > 0)
        v[DEMO_OPT_CHUNKSIZE] = (DemoValue){.set = true, .num = d->chunksize};
    if (d->schedule)
        v[DEMO_OPT_SCHEDULE] = (DemoValue){.set = true, .word = d->schedule};
}

char **panel_demo_argv(const Panel *p, char *err, size_t errlen)
{
    if (p->kind != KIND_DEMO) {
        snprintf(err, errlen, "this step has no demo");
        return NULL;
    }
    DemoSettings s;
    demo_settings(p, &s);
    return demo_settings_argv(p->self_exe, &s, err, errlen);
}
