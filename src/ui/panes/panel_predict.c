/* What a prediction is set beside (ui/predict.c): the measure of a demo's
 * widest run, and a line in the panel's footer that says how the two
 * compare. */
#include "ui/panes/panel_state.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

bool panel_measure(const Panel *p, const char *measure, double *value, int *workers)
{
    if (p->kind != KIND_DEMO || p->running || !measure)
        return false;
    const ShownResult *widest = NULL;
    for (int i = 0; i < p->model.nresults; i++) {
        const ShownResult *r = &p->model.results[i];
        if (!widest || r->workers >= widest->workers)
            widest = r;
    }
    if (!widest)
        return false;
    *workers = widest->workers;
    if (strcmp(measure, "speedup") == 0 && widest->has_speedup)
        *value = widest->speedup;
    else if (strcmp(measure, "wall_s") == 0)
        *value = widest->wall_s;
    else
        return false;
    return true;
}

void panel_say(Panel *p, bool bad, const char *fmt, ...)
{
    char line[sizeof p->notice];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    panel_notice(p, bad, "%s", line);
}
