/* libFuzzer target for the demo stream reader (ui/panes/demo_stream.c):
 * whatever a demo, a compute node or a broken pipe sends, cut into reads of
 * any size, the line reader and the record parser keep the model within
 * its bounds, and the panes' queries over it stay defined. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ui/panes/panes.h"

static void query(const Model *m)
{
    if (m->ncpu < 0 || m->ncpu > MODEL_MAX_CPUS || m->nthreads < 0 ||
        m->nthreads > MODEL_MAX_THREADS || m->nresults < 0 || m->nresults > MODEL_MAX_RESULTS ||
        m->nmsgs < 0 || m->nmsgs > MODEL_MSGS)
        abort();
    for (int i = 0; i < m->nmsgs; i++) {
        const char *msg = model_msg(m, i);
        if (!msg || strnlen(msg, MODEL_MSG_LEN) == MODEL_MSG_LEN)
            abort();
    }
    for (int c = 0; c < m->ncpu; c++) {
        int h = model_hist(m, c, 0);
        if (h < -1 || h > 100)
            abort();
    }
    uint8_t cells[64];
    double edge = model_timeline_edge(m);
    for (int th = 0; th < m->nthreads; th++) {
        model_thread_cells(m, th, isfinite(edge) ? edge - 1.0 : 0, 1.0 / 64, 64, cells);
        for (int k = 0; k < 64; k++)
            if (cells[k] > STATE_COUNT)
                abort();
    }
    double f;
    bool estimated;
    if (model_fit(m, &f, &estimated) && !isfinite(f))
        abort();
    free(export_csv_text(m));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The first byte picks the read size, so lines are cut across reads. */
    size_t chunk = size ? (size_t)data[0] * 37 + 1 : 1;
    const char *text = size ? (const char *)data + 1 : "";
    size_t n = size ? size - 1 : 0;
    Model m;
    model_init(&m);
    LineReader lr;
    linereader_init(&lr);
    for (size_t i = 0; i < n; i += chunk)
        linereader_feed(&lr, text + i, n - i < chunk ? n - i : chunk, stream_line_fn, &m);
    linereader_finish(&lr, stream_line_fn, &m);
    query(&m);
    linereader_free(&lr);
    model_free(&m);
    return 0;
}
