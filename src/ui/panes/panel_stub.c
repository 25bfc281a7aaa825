/* Placeholder panel until the live panes land: shows the space the pane
 * will take and the key that starts it. */
#include "ui/panes/panel.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

struct Panel {
    UiCaps caps;
    const LessonStep *step;
    bool dirty;
};

Panel *panel_new(const UiCaps *caps, const char *self_exe)
{
    (void)self_exe;
    Panel *p = xcalloc(1, sizeof *p);
    p->caps = *caps;
    return p;
}

void panel_free(Panel *p) { free(p); }

void panel_set_step(Panel *p, const Lesson *lesson, const LessonStep *step)
{
    (void)lesson;
    p->step = (step && (step->demo || step->run)) ? step : NULL;
    p->dirty = true;
}

bool panel_has_content(const Panel *p) { return p->step != NULL; }
void panel_start(Panel *p) { (void)p; }
void panel_stop(Panel *p) { (void)p; }
bool panel_running(const Panel *p) { (void)p; return false; }
bool panel_key(Panel *p, int key) { (void)p; (void)key; return false; }
int panel_pollfds(Panel *p, struct pollfd *fds, int max) { (void)p; (void)fds; (void)max; return 0; }
void panel_on_poll(Panel *p, const struct pollfd *fds, int n) { (void)p; (void)fds; (void)n; }
double panel_timeout(const Panel *p, double now) { (void)p; (void)now; return 1.0; }
bool panel_dirty(const Panel *p) { return p->dirty; }

void panel_draw(Panel *p, WINDOW *win, int y, int x, int h, int w)
{
    p->dirty = false;
    if (!p->step || h < 3 || w < 20)
        return;
    for (int r = 0; r < h; r++)
        mvwhline(win, y + r, x, ' ', w);
    if (p->step->demo)
        mvwprintw(win, y + 1, x + 1, "demo: %s %s - press r to run", p->step->demo->name,
                  p->step->demo->variant ? p->step->demo->variant : "");
    else
        mvwprintw(win, y + 1, x + 1, "exercise: %.*s - press r to run", w - 30, p->step->run->command);
}

const char *panel_status(const Panel *p) { (void)p; return ""; }
