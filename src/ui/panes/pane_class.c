/* The table of pane classes and what walks it besides the layout: the
 * views' resets, Tab's focus, the panes' keys and their drawing. */
#include "ui/panes/pane_class.h"
#include "ui/panes/panel.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define PANE_ENTRY(id, cls) &cls,
const PaneClass *const pane_classes[PANE_COUNT] = {PANE_TABLE(PANE_ENTRY)};
#undef PANE_ENTRY

bool panes_in_step(const Panes *ps, int id)
{
    if (id < 0 || id >= PANE_COUNT)
        return false;
    unsigned in = ps->scene.demo ? PANE_IN_DEMO : PANE_IN_RUN | (ps->scene.traced ? PANE_IN_TRACE : 0);
    return (pane_classes[id]->steps & in) != 0;
}

void panes_reset(Panes *ps, bool demo, const Model *stream, const Model *system)
{
    memset(ps, 0, sizeof *ps);
    ps->scene.demo = demo;
    ps->scene.stream = stream;
    ps->scene.system = system;
    for (int i = 0; i < PANE_COUNT; i++)
        ps->view[i].scene = &ps->scene;
    ps->focus = 0;
    while (ps->focus < PANE_COUNT - 1 && !panes_in_step(ps, ps->focus))
        ps->focus++;
}

void panes_follow(Panes *ps)
{
    for (int i = 0; i < PANE_COUNT; i++)
        ps->view[i].paused = false;
}

void panes_cycle_focus(Panes *ps, int dir)
{
    int step[PANE_COUNT], n = 0, at = 0;
    for (int i = 0; i < PANE_COUNT; i++) {
        if (!panes_in_step(ps, i))
            continue;
        if (i == ps->focus)
            at = n;
        step[n++] = i;
    }
    if (n > 0)
        ps->focus = step[(at + dir % n + n) % n];
}

static PaneView *try_key(Panes *ps, int id, int key)
{
    PaneView *v = &ps->view[id];
    v->notice[0] = '\0';
    v->notice_bad = false;
    return keys_dispatch(pane_classes[id]->keys, v, key) ? v : NULL;
}

PaneView *panes_key(Panes *ps, int key)
{
    if (panes_in_step(ps, ps->focus)) {
        PaneView *v = try_key(ps, ps->focus, key);
        if (v)
            return v;
    }
    for (int i = 0; i < PANE_COUNT; i++) {
        if (i == ps->focus || !panes_in_step(ps, i))
            continue;
        PaneView *v = try_key(ps, i, key);
        if (v)
            return v;
    }
    return NULL;
}

bool panes_scroll(Panes *ps, int rows)
{
    if (!panes_in_step(ps, ps->focus) || !pane_classes[ps->focus]->scroll_by)
        return false;
    pane_classes[ps->focus]->scroll_by(&ps->view[ps->focus], rows);
    return true;
}

int panes_page(const Panes *ps)
{
    int page = ps->focus >= 0 && ps->focus < PANE_COUNT ? ps->view[ps->focus].page : 1;
    return page > 1 ? page : 1;
}

void pane_notice(PaneView *v, bool bad, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->notice, sizeof v->notice, fmt, ap);
    va_end(ap);
    v->notice_bad = bad;
}

void panes_draw(Panes *ps, WINDOW *win, const PaneLayout *l, const Model *m, const DrawCtx *base)
{
    for (int i = 0; i < PANE_COUNT; i++) {
        if (!l->shown[i])
            continue;
        PaneView *v = &ps->view[i];
        v->dc = *base;
        v->dc.focused = i == ps->focus;
        pane_classes[i]->draw(win, l->pane[i], m, v);
    }
}

bool panel_pane_keys(int i, const char **name, const char **help, const KeyBinding **keys)
{
    if (i < 0 || i >= PANE_COUNT)
        return false;
    *name = pane_classes[i]->name;
    *help = pane_classes[i]->help;
    *keys = pane_classes[i]->keys;
    return true;
}
