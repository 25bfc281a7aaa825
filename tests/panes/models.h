/* The models the panes tests draw from, filled through the stream parser
 * as a demo's records would fill them, and the chart drawn from one.
 *
 *   feed(m, json)                one line of the stream
 *   records_model(m, json)       a new model from a NULL-terminated list
 *   trading_spans(m, turns)      two threads trading the GIL every 5 ms,
 *                                from t=0 (thread 0 first, on CPU 0)
 *   gil_model(m)                 a gil demo: samples of 2 CPUs, three
 *                                threads' spans, a sweep of 1, 2 and 4
 *                                workers and its fit
 *   numbered_output(m, word, n)  n lines of output, "WORD 0" to "WORD n-1"
 *   draw_ctx(ascii, color)       how to draw
 *   panes_colours()              the panes' colour pairs, on the terminal
 *                                of the default colours
 *   chart_text(win, m, h, w, dc, max_workers, table)
 *                                m's chart pane of h x w at win's top left,
 *                                drawn afresh (the results table alone when
 *                                table); the window's text (cells.h)
 */
#ifndef CORELAB_TESTS_PANES_MODELS_H
#define CORELAB_TESTS_PANES_MODELS_H

#include <stdio.h>
#include <string.h>

#include "cells.h"
#include "ui/panes/panes.h"

static inline void feed(Model *m, const char *json)
{
    stream_parse_line(m, json, strlen(json), false);
}

static inline void records_model(Model *m, const char *const *json)
{
    model_init(m);
    for (; *json; json++)
        feed(m, *json);
}

static inline void trading_spans(Model *m, int turns)
{
    for (int k = 0; k < turns; k++) {
        char buf[160];
        snprintf(buf, sizeof buf, "{\"type\":\"span\",\"t\":%g,\"dur\":0.005,\"thread\":%d,\"state\":\"run\",\"cpu\":0}",
                 k * 0.005, k % 2);
        feed(m, buf);
        snprintf(buf, sizeof buf, "{\"type\":\"span\",\"t\":%g,\"dur\":0.005,\"thread\":%d,\"state\":\"wait\",\"cpu\":1}",
                 k * 0.005, 1 - k % 2);
        feed(m, buf);
    }
}

static inline void gil_model(Model *m)
{
    model_init(m);
    feed(m, "{\"type\":\"sample\",\"t\":0.2,\"cpu\":[50,100]}");
    feed(m, "{\"type\":\"sample\",\"t\":0.4,\"cpu\":[48,97],\"quota\":1.5}");
    trading_spans(m, 20); /* over 100 ms */
    feed(m, "{\"type\":\"span\",\"t\":0.096,\"dur\":0.004,\"thread\":2,\"state\":\"io\",\"cpu\":1}");
    feed(m, "{\"type\":\"span\",\"t\":0.091,\"dur\":0.005,\"thread\":2,\"state\":\"nogil\",\"cpu\":1}");
    feed(m, "{\"type\":\"result\",\"demo\":\"gil\",\"variant\":\"nogil\",\"workers\":1,\"wall_s\":4.0,\"speedup\":1,"
            "\"work\":5,\"op_latency_ms\":4.9}");
    feed(m, "{\"type\":\"result\",\"demo\":\"gil\",\"variant\":\"nogil\",\"workers\":2,\"wall_s\":2.1,\"speedup\":1.9}");
    feed(m, "{\"type\":\"result\",\"demo\":\"gil\",\"variant\":\"nogil\",\"workers\":4,\"wall_s\":1.2,\"speedup\":3.33}");
    feed(m, "{\"type\":\"fit\",\"serial_fraction\":0.05}");
}

static inline void numbered_output(Model *m, const char *word, int n)
{
    for (int i = 0; i < n; i++) {
        char buf[64];
        int len = snprintf(buf, sizeof buf, "%s %d", word, i);
        model_add_output(m, buf, (size_t)len);
    }
}

static inline DrawCtx draw_ctx(bool ascii, bool color)
{
    DrawCtx dc = {{ascii, color}, color, false};
    return dc;
}

static inline void panes_colours(void)
{
    use_default_colors();
    pane_init_colors();
}

static inline const char *chart_text(WINDOW *win, const Model *m, int h, int w, DrawCtx dc, int max_workers,
                                     bool table)
{
    Rect r = {0, 0, h, w};
    werase(win);
    chart_draw(win, &r, m, &dc, max_workers, table);
    return window_text(win);
}

#endif
