/* The demo stream: line splitting (partial lines across reads, over-long
 * lines), JSON records into the model (garbage, errors, bounds), the fit,
 * output cleaning and the CSV export. */
#include "../lib/check.h"
#include "ui/panes/panes.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct {
    char lines[8][256];
    size_t lens[8];
    bool cut[8];
    int n;
} Lines;

static void collect(void *ctx, const char *line, size_t len, bool cut)
{
    Lines *l = ctx;
    if (l->n >= 8)
        return;
    l->lens[l->n] = len;
    l->cut[l->n] = cut;
    snprintf(l->lines[l->n], sizeof l->lines[0], "%.*s", (int)(len < 255 ? len : 255), line);
    l->n++;
}

static void partial_lines(void)
{
    LineReader lr;
    Lines got = {0};
    linereader_init(&lr);
    linereader_feed(&lr, "ab", 2, collect, &got);
    CHECK(got.n == 0);
    linereader_feed(&lr, "c\nde", 4, collect, &got);
    linereader_feed(&lr, "f\n\nlast", 7, collect, &got);
    CHECK(got.n == 3);
    CHECK(strcmp(got.lines[0], "abc") == 0);
    CHECK(strcmp(got.lines[1], "def") == 0);
    CHECK(got.lens[2] == 0);
    linereader_finish(&lr, collect, &got);
    CHECK(got.n == 4 && strcmp(got.lines[3], "last") == 0);
    linereader_free(&lr);
}

static void huge_line_bounded(void)
{
    LineReader lr;
    Lines got = {0};
    linereader_init(&lr);
    size_t big = LINE_MAX_BYTES * 3 + 17;
    char *x = malloc(big);
    memset(x, 'x', big);
    /* in pieces, as reads would bring it */
    for (size_t off = 0; off < big; off += 5000)
        linereader_feed(&lr, x + off, big - off < 5000 ? big - off : 5000, collect, &got);
    linereader_feed(&lr, "\nok\n", 4, collect, &got);
    CHECK(got.n == 2);
    CHECK(got.cut[0] && got.lens[0] == LINE_MAX_BYTES);
    CHECK(!got.cut[1] && strcmp(got.lines[1], "ok") == 0);
    free(x);
    linereader_free(&lr);

    /* The parser skips it with a message and keeps going. */
    Model m;
    model_init(&m);
    stream_parse_line(&m, "{\"type\":\"sam", 12, true);
    CHECK(m.n_garbage == 1);
    CHECK_STR_HAS(model_msg(&m, 0), "longer than");
    model_free(&m);
}

static void feed_str(Model *m, const char *s)
{
    stream_parse_line(m, s, strlen(s), false);
}

static void garbage_and_errors(void)
{
    Model m;
    model_init(&m);
    feed_str(&m, "Traceback: something went wrong");
    CHECK(m.n_garbage == 1);
    CHECK_STR_HAS(model_msg(&m, 0), "something went wrong");
    feed_str(&m, "{\"type\":\"sample\",\"t\":0.1,\"cpu\":[1,2");
    CHECK(m.n_garbage == 2);
    CHECK_STR_HAS(model_msg(&m, 0), "unreadable");
    feed_str(&m, "[1,2,3]");
    feed_str(&m, "{\"no\":\"type\"}");
    feed_str(&m, "{\"type\":\"sample\"} trailing");
    CHECK(m.n_garbage == 5);
    feed_str(&m, "{\"type\":\"future-record\",\"x\":1}"); /* ignored quietly */
    CHECK(m.n_garbage == 5);
    feed_str(&m, "{\"type\":\"error\",\"message\":\"cannot fork: \\u001b[31mboom\"}");
    CHECK(m.saw_error);
    CHECK_STR_HAS(model_msg(&m, 0), "demo error: cannot fork");
    CHECK(strchr(model_msg(&m, 0), 0x1b) == NULL); /* no control bytes reach the screen */
    /* wrong types inside records are dropped, not crashes */
    feed_str(&m, "{\"type\":\"span\",\"t\":\"x\",\"dur\":1,\"thread\":0,\"state\":\"run\"}");
    feed_str(&m, "{\"type\":\"span\",\"t\":0,\"dur\":1,\"thread\":9999,\"state\":\"run\"}");
    feed_str(&m, "{\"type\":\"span\",\"t\":0,\"dur\":1,\"thread\":0,\"state\":\"dancing\"}");
    CHECK(m.nthreads == 0 && m.n_spans_dropped == 3);
    feed_str(&m, "{\"type\":\"sample\",\"t\":1,\"cpu\":\"all\"}");
    CHECK(m.ncpu == 0);
    feed_str(&m, "{\"type\":\"result\",\"workers\":\"two\"}");
    CHECK(m.nresults == 1 && m.results[0].workers == 0 && !m.results[0].has_speedup);
    /* one worker with no baseline given is its own: speedup 1 */
    feed_str(&m, "{\"type\":\"result\",\"demo\":\"gil\",\"workers\":1,\"wall_s\":0.6,\"speedup\":null}");
    CHECK(m.nresults == 2 && m.results[1].has_speedup && m.results[1].speedup == 1.0);
    feed_str(&m, "{\"type\":\"result\",\"demo\":\"gil\",\"workers\":2,\"wall_s\":0.6,\"speedup\":null}");
    CHECK(m.nresults == 3 && !m.results[2].has_speedup);
    CHECK(model_msg(&m, MODEL_MSGS) == NULL);
    /* numbers out of any range (the fuzzer's findings): an unknown CPU, a
     * span too long to keep */
    feed_str(&m, "{\"type\":\"span\",\"t\":0,\"dur\":0.1,\"thread\":0,\"state\":\"run\",\"cpu\":1.8e19}");
    CHECK(m.nthreads == 1 && m.threads[0].ring[0].cpu == -1);
    feed_str(&m, "{\"type\":\"span\",\"t\":0,\"dur\":1e300,\"thread\":0,\"state\":\"run\"}");
    CHECK(m.threads[0].n == 1 && m.n_spans_dropped == 4);
    model_free(&m);
}

static void samples(void)
{
    Model m;
    model_init(&m);
    feed_str(&m, "{\"type\":\"sample\",\"t\":0.2,\"cpu\":[12.5,150,-3]}");
    CHECK(m.ncpu == 3);
    CHECK(fabsf(m.last[0] - 12.5f) < 0.01f);
    CHECK(m.last[1] == 100.0f && m.last[2] == 0.0f);
    feed_str(&m, "{\"type\":\"sample\",\"t\":0.4,\"cpu\":[50,60,70],\"cpus\":[4,5,6],\"quota\":1.5}");
    CHECK(model_hist(&m, 0, 0) == 50 && model_hist(&m, 0, 1) == 13);
    CHECK(model_hist(&m, 0, 2) == -1);
    CHECK(m.cpu_ids[2] == 6);
    CHECK(m.quota_cpus == 1.5);
    CHECK(fabs(m.t_max - 0.4) < 1e-9);
    for (int i = 0; i < MODEL_HIST + 10; i++)
        feed_str(&m, "{\"type\":\"sample\",\"t\":1,\"cpu\":[1,2,3]}");
    CHECK(m.hist_n == MODEL_HIST);
    model_free(&m);
}

static void spans_and_cells(void)
{
    Model m;
    model_init(&m);
    /* Two threads trading the GIL every 5 ms. */
    for (int k = 0; k < 10; k++) {
        char buf[160];
        double t = k * 0.005;
        snprintf(buf, sizeof buf, "{\"type\":\"span\",\"t\":%g,\"dur\":0.005,\"thread\":%d,\"state\":\"run\",\"cpu\":0}",
                 t, k % 2);
        feed_str(&m, buf);
        snprintf(buf, sizeof buf, "{\"type\":\"span\",\"t\":%g,\"dur\":0.005,\"thread\":%d,\"state\":\"wait\",\"cpu\":1}",
                 t, 1 - k % 2);
        feed_str(&m, buf);
    }
    CHECK(m.nthreads == 2);
    CHECK(fabs(m.t_max - 0.05) < 1e-9);
    uint8_t cells[50];
    model_thread_cells(&m, 0, 0.0, 0.001, 50, cells);
    CHECK(cells[0] == STATE_RUN && cells[4] == STATE_RUN);
    CHECK(cells[5] == STATE_WAIT && cells[9] == STATE_WAIT);
    CHECK(cells[10] == STATE_RUN);
    model_thread_cells(&m, 1, 0.0, 0.001, 50, cells);
    CHECK(cells[0] == STATE_WAIT && cells[5] == STATE_RUN);
    /* Before the data: nothing known. */
    model_thread_cells(&m, 0, -0.01, 0.001, 5, cells);
    CHECK(cells[0] == STATE_COUNT);
    /* The edge waits for a thread still inside a span (it reports when
     * the span ends), but not for one that finished long ago. */
    CHECK(fabs(model_timeline_edge(&m) - 0.05) < 1e-9);
    model_add_span(&m, 0.05, 0.03, 0, STATE_RUN, 0); /* thread 1 still waiting */
    CHECK(fabs(model_timeline_edge(&m) - 0.05) < 1e-9);
    model_add_span(&m, 0.08, 0.5, 0, STATE_RUN, 0); /* thread 1 gone quiet */
    CHECK(fabs(model_timeline_edge(&m) - 0.58) < 1e-9);
    /* The ring keeps the newest spans. */
    for (int i = 0; i < MODEL_SPAN_RING + 500; i++)
        model_add_span(&m, 1.0 + i * 1e-4, 1e-4, 3, STATE_IO, 0);
    CHECK(m.threads[3].n == MODEL_SPAN_RING);
    CHECK(m.nthreads == 4);
    model_thread_cells(&m, 3, m.t_max - 0.01, 0.001, 10, cells);
    CHECK(cells[0] == STATE_IO && cells[9] == STATE_IO);
    model_free(&m);

    /* `corelab trace` names the real thread and says when it was ready
     * but had no CPU. */
    model_init(&m);
    feed_str(&m, "{\"type\":\"span\",\"t\":0,\"dur\":0.01,\"thread\":2,\"state\":\"ready\",\"cpu\":-1,"
                 "\"pid\":4242,\"tid\":4243,\"name\":\"python3\"}");
    CHECK(m.nthreads == 3 && m.n_spans == 1 && m.n_spans_dropped == 0);
    model_thread_cells(&m, 2, 0.0, 0.001, 10, cells);
    CHECK(cells[0] == STATE_READY && cells[9] == STATE_READY);
    /* No writer sends quota records: nothing takes them. */
    feed_str(&m, "{\"type\":\"quota\",\"quota_cpus\":2}");
    feed_str(&m, "{\"type\":\"sample\",\"t\":0.2,\"cpu\":[10],\"quota_cpus\":2}");
    CHECK(m.quota_cpus == 0 && m.ncpu == 1);
    model_free(&m);
}

static void results_and_fit(void)
{
    Model m;
    model_init(&m);
    /* speedups of Amdahl's law with f = 0.1: the estimate recovers it */
    int ws[] = {1, 2, 4};
    for (int i = 0; i < 3; i++) {
        char buf[256];
        double s = 1.0 / (0.1 + 0.9 / ws[i]);
        snprintf(buf, sizeof buf,
                 "{\"type\":\"result\",\"demo\":\"pi\",\"variant\":\"threads\",\"workers\":%d,\"wall_s\":%g,"
                 "\"speedup\":%.10g,\"estimate\":3.14159,\"samples\":1000000,\"busy_s\":[0.5,0.25]}",
                 ws[i], 2.0 / s, s);
        feed_str(&m, buf);
    }
    CHECK(m.nresults == 3);
    CHECK(m.results[2].workers == 4 && m.results[2].has_speedup);
    CHECK(strcmp(m.results[0].demo, "pi") == 0);
    CHECK(m.results[0].n_fields == 3);
    double f;
    bool est;
    CHECK(model_fit(&m, &f, &est) && est && fabs(f - 0.1) < 1e-6);
    feed_str(&m, "{\"type\":\"fit\",\"serial_fraction\":0.08}");
    CHECK(model_fit(&m, &f, &est) && !est && fabs(f - 0.08) < 1e-12);

    char *csv = export_csv_text(&m);
    CHECK_STR_HAS(csv, "demo,variant,workers,wall_s,speedup,efficiency,estimate,samples,busy_s\n");
    CHECK_STR_HAS(csv, "pi,threads,4,");
    CHECK_STR_HAS(csv, ",3.14159,1000000,0.5;0.25\n");
    free(csv);

    for (int i = 0; i < MODEL_MAX_RESULTS + 6; i++)
        feed_str(&m, "{\"type\":\"result\",\"demo\":\"race\",\"variant\":\"a,\\\"b\",\"workers\":2,\"wall_s\":1}");
    CHECK(m.nresults == MODEL_MAX_RESULTS);
    CHECK(m.n_results_dropped == 9);
    csv = export_csv_text(&m);
    CHECK_STR_HAS(csv, "race,\"a,\"\"b\",2,1,,");
    free(csv);
    model_free(&m);
}

static void export_file(void)
{
    Model m;
    model_init(&m);
    CHECK(export_csv(&m, "/tmp/never-written.csv") == ENODATA);
    feed_str(&m, "{\"type\":\"result\",\"demo\":\"gil\",\"variant\":\"cpu\",\"workers\":1,\"wall_s\":1,\"speedup\":1}");
    char dir[] = "/tmp/corelab-panes-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *path = path_join(dir, "out.csv");
    CHECK(export_csv(&m, path) == 0);
    size_t len;
    char *text = read_file_bounded(path, 4096, &len, false);
    CHECK_STR_HAS(text, "gil,cpu,1,1,1,1\n");
    free(text);
    char *bad = path_join(dir, "missing/sub/out.csv");
    CHECK(export_csv(&m, bad) == ENOENT);
    unlink(path);
    rmdir(dir);
    free(path);
    free(bad);
    model_free(&m);
}

static void output_lines(void)
{
    Model m;
    model_init(&m);
    for (int i = 0; i < 300; i++) {
        char buf[32];
        int n = snprintf(buf, sizeof buf, "line %d", i);
        model_add_output(&m, buf, (size_t)n);
    }
    CHECK(m.nout == MODEL_OUT_LINES);
    CHECK(strcmp(model_out_line(&m, 0), "line 100") == 0);
    CHECK(strcmp(model_out_line(&m, MODEL_OUT_LINES - 1), "line 299") == 0);
    CHECK(model_out_line(&m, MODEL_OUT_LINES) == NULL);
    model_reset(&m);
    const char *esc = "\x1b[31mred\x1b[0m\tend";
    model_add_output(&m, esc, strlen(esc));
    CHECK(strchr(model_out_line(&m, 0), 0x1b) == NULL);
    CHECK_STR_HAS(model_out_line(&m, 0), "red");
    model_add_output(&m, "10%\r50%\r100%", 12);
    CHECK(strcmp(model_out_line(&m, 1), "100%") == 0);
    model_add_output(&m, "crlf\r", 5);
    CHECK(strcmp(model_out_line(&m, 2), "crlf") == 0);
    model_add_output(&m, "caf\xc3\xa9 \xff!", 8);
    CHECK(strcmp(model_out_line(&m, 3), "caf\xc3\xa9 ?!") == 0);
    model_free(&m);
}

static void pipe_reading(void)
{
    int fds[2];
    CHECK(pipe2(fds, O_NONBLOCK) == 0);
    LineReader lr;
    Model m;
    linereader_init(&lr);
    model_init(&m);
    const char *a = "{\"type\":\"sample\",\"t\":0.1,\"cpu\":[10";
    const char *b = ",20]}\n{\"type\":\"fit\",\"serial_fraction\":0.5}\n";
    CHECK(write(fds[1], a, strlen(a)) == (ssize_t)strlen(a));
    CHECK(linereader_read(&lr, fds[0], 1 << 20, stream_line_fn, &m) == LR_AGAIN);
    CHECK(m.ncpu == 0);
    CHECK(write(fds[1], b, strlen(b)) == (ssize_t)strlen(b));
    close(fds[1]);
    CHECK(linereader_read(&lr, fds[0], 1 << 20, stream_line_fn, &m) == LR_EOF);
    CHECK(m.ncpu == 2 && m.has_fit);
    close(fds[0]);
    linereader_free(&lr);
    model_free(&m);
}

int main(void)
{
    RUN(partial_lines);
    RUN(huge_line_bounded);
    RUN(garbage_and_errors);
    RUN(samples);
    RUN(spans_and_cells);
    RUN(results_and_fit);
    RUN(export_file);
    RUN(output_lines);
    RUN(pipe_reading);
    return check_exit();
}
