/* The demo stream: line splitting (partial lines across reads, over-long
 * lines), JSON records into the model (garbage, errors, bounds), the fit,
 * output cleaning and the CSV export. */
#include "../lib/check.h"
#include "models.h"
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

static void garbage_and_errors(void)
{
    Model m;
    model_init(&m);
    feed(&m, "Traceback: something went wrong");
    CHECK(m.n_garbage == 1);
    CHECK_STR_HAS(model_msg(&m, 0), "something went wrong");
    feed(&m, "{\"type\":\"sample\",\"t\":0.1,\"cpu\":[1,2");
    CHECK(m.n_garbage == 2);
    CHECK_STR_HAS(model_msg(&m, 0), "unreadable");
    feed(&m, "[1,2,3]");
    feed(&m, "{\"no\":\"type\"}");
    feed(&m, "{\"type\":\"sample\"} trailing");
    CHECK(m.n_garbage == 5);
    feed(&m, "{\"type\":\"future-record\",\"x\":1}"); /* ignored quietly */
    CHECK(m.n_garbage == 5);
    feed(&m, "{\"type\":\"error\",\"message\":\"cannot fork: \\u001b[31mboom\"}");
    CHECK(m.saw_error);
    CHECK_STR_HAS(model_msg(&m, 0), "demo error: cannot fork");
    CHECK(strchr(model_msg(&m, 0), 0x1b) == NULL); /* no control bytes reach the screen */
    /* wrong types inside records are dropped, not crashes */
    feed(&m, "{\"type\":\"span\",\"t\":\"x\",\"dur\":1,\"thread\":0,\"state\":\"run\"}");
    feed(&m, "{\"type\":\"span\",\"t\":0,\"dur\":1,\"thread\":9999,\"state\":\"run\"}");
    feed(&m, "{\"type\":\"span\",\"t\":0,\"dur\":1,\"thread\":0,\"state\":\"dancing\"}");
    CHECK(m.nthreads == 0 && m.n_spans_dropped == 3);
    feed(&m, "{\"type\":\"sample\",\"t\":1,\"cpu\":\"all\"}");
    CHECK(m.ncpu == 0);
    feed(&m, "{\"type\":\"result\",\"workers\":\"two\"}");
    CHECK(m.nresults == 1 && m.results[0].workers == 0 && !m.results[0].has_speedup);
    /* one worker with no baseline given is its own: speedup 1 */
    feed(&m, "{\"type\":\"result\",\"demo\":\"gil\",\"workers\":1,\"wall_s\":0.6,\"speedup\":null}");
    CHECK(m.nresults == 2 && m.results[1].has_speedup && m.results[1].speedup == 1.0);
    feed(&m, "{\"type\":\"result\",\"demo\":\"gil\",\"workers\":2,\"wall_s\":0.6,\"speedup\":null}");
    CHECK(m.nresults == 3 && !m.results[2].has_speedup);
    CHECK(model_msg(&m, MODEL_MSGS) == NULL);
    /* numbers out of any range (the fuzzer's findings): an unknown CPU, a
     * span too long to keep */
    feed(&m, "{\"type\":\"span\",\"t\":0,\"dur\":0.1,\"thread\":0,\"state\":\"run\",\"cpu\":1.8e19}");
    CHECK(m.nthreads == 1 && m.threads[0].ring[0].cpu == -1);
    feed(&m, "{\"type\":\"span\",\"t\":0,\"dur\":1e300,\"thread\":0,\"state\":\"run\"}");
    CHECK(m.threads[0].n == 1 && m.n_spans_dropped == 4);
    model_free(&m);
}

static void samples(void)
{
    Model m;
    model_init(&m);
    feed(&m, "{\"type\":\"sample\",\"t\":0.2,\"cpu\":[12.5,150,-3]}");
    CHECK(m.ncpu == 3);
    CHECK(fabsf(m.last[0] - 12.5f) < 0.01f);
    CHECK(m.last[1] == 100.0f && m.last[2] == 0.0f);
    feed(&m, "{\"type\":\"sample\",\"t\":0.4,\"cpu\":[50,60,70],\"cpus\":[4,5,6],\"quota\":1.5}");
    CHECK(model_hist(&m, 0, 0) == 50 && model_hist(&m, 0, 1) == 13);
    CHECK(model_hist(&m, 0, 2) == -1);
    CHECK(m.cpu_ids[2] == 6);
    CHECK(m.quota_cpus == 1.5);
    CHECK(fabs(m.t_max - 0.4) < 1e-9);
    for (int i = 0; i < MODEL_HIST + 10; i++)
        feed(&m, "{\"type\":\"sample\",\"t\":1,\"cpu\":[1,2,3]}");
    CHECK(m.hist_n == MODEL_HIST);
    model_free(&m);
}

static void spans_and_cells(void)
{
    Model m;
    model_init(&m);
    trading_spans(&m, 10);
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
    feed(&m, "{\"type\":\"span\",\"t\":0,\"dur\":0.01,\"thread\":2,\"state\":\"ready\",\"cpu\":-1,"
                 "\"pid\":4242,\"tid\":4243,\"name\":\"python3\"}");
    CHECK(m.nthreads == 3 && m.n_spans == 1 && m.n_spans_dropped == 0);
    model_thread_cells(&m, 2, 0.0, 0.001, 10, cells);
    CHECK(cells[0] == STATE_READY && cells[9] == STATE_READY);
    /* No writer sends quota records: nothing takes them. */
    feed(&m, "{\"type\":\"quota\",\"quota_cpus\":2}");
    feed(&m, "{\"type\":\"sample\",\"t\":0.2,\"cpu\":[10],\"quota_cpus\":2}");
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
        feed(&m, buf);
    }
    CHECK(m.nresults == 3);
    CHECK(m.results[2].workers == 4 && m.results[2].has_speedup);
    CHECK(strcmp(m.results[0].demo, "pi") == 0);
    CHECK(m.results[0].n_fields == 3);
    double f;
    bool est;
    CHECK(model_fit(&m, &f, &est) && est && fabs(f - 0.1) < 1e-6);
    feed(&m, "{\"type\":\"fit\",\"serial_fraction\":0.08}");
    CHECK(model_fit(&m, &f, &est) && !est && fabs(f - 0.08) < 1e-12);

    char *csv = export_csv_text(&m);
    CHECK_STR_HAS(csv, "demo,variant,workers,wall_s,speedup,efficiency,estimate,samples,busy_s\n");
    CHECK_STR_HAS(csv, "pi,threads,4,");
    CHECK_STR_HAS(csv, ",3.14159,1000000,0.5;0.25\n");
    free(csv);

    for (int i = 0; i < MODEL_MAX_RESULTS + 6; i++)
        feed(&m, "{\"type\":\"result\",\"demo\":\"race\",\"variant\":\"a,\\\"b\",\"workers\":2,\"wall_s\":1}");
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
    feed(&m, "{\"type\":\"result\",\"demo\":\"gil\",\"variant\":\"cpu\",\"workers\":1,\"wall_s\":1,\"speedup\":1}");
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
    numbered_output(&m, "line", 300);
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

/* A stream `corelab trace --json` wrote (fixtures/trace_two_threads.jsonl:
 * two_threads.py under /usr/bin/python3 3.11): rows named by their real
 * threads, and a result that is the trace's, not a row of the results. */
static void traced_stream(void)
{
    char *path = xasprintf("%s/trace_two_threads.jsonl", getenv("PANES_FIXTURES"));
    size_t len = 0;
    char *text = read_file_bounded(path, 1 << 20, &len, false);
    CHECK(text != NULL);
    Model m;
    model_init(&m);
    LineReader lr;
    linereader_init(&lr);
    linereader_feed(&lr, text ? text : "", len, stream_line_fn, &m);
    linereader_finish(&lr, stream_line_fn, &m);
    CHECK(m.traced && m.n_garbage == 0 && m.n_spans_dropped == 0 && m.nresults == 0);
    CHECK(m.nthreads == 3 && m.ncpu == 2 && m.n_samples > 0);
    CHECK(strcmp(m.threads[0].name, "python3") == 0 && m.threads[0].pid == m.threads[0].tid);
    CHECK(strcmp(m.threads[1].name, "T1") == 0 && strcmp(m.threads[2].name, "T2") == 0);
    CHECK(m.threads[1].pid == m.root_pid && m.threads[1].tid != m.root_pid);
    CHECK(m.states_seen & (1u << STATE_READY) && m.states_seen & (1u << STATE_WAIT));
    char label[64], want[64];
    model_thread_label(&m, 0, label, sizeof label, MODEL_LABEL_W - 1);
    snprintf(want, sizeof want, "[%d] python3", m.root_pid);
    CHECK(strcmp(label, want) == 0, "got \"%s\"", label);
    model_thread_label(&m, 2, label, sizeof label, MODEL_LABEL_W - 1);
    snprintf(want, sizeof want, "T2 %d", m.threads[2].tid);
    CHECK(strcmp(label, want) == 0, "got \"%s\"", label);
    CHECK(model_label_width(&m) == MODEL_LABEL_W);
    const ShownTrace *t = &m.trace;
    CHECK(t->has && fabs(t->cores_busy - 0.691) < 1e-9 && fabs(t->overlap - 0.0131) < 1e-9);
    CHECK(t->threads == 3 && t->processes == 1 && !t->rows_capped && !t->stopped && t->exit_status == 0);
    CHECK_STR_HAS(t->verdict, "only one thread ran at a time");
    CHECK(m.run_s > 0.8 && m.run_s < 0.9); /* the rows' run_s: 0.023 + 0.432 + 0.424 */
    linereader_free(&lr);
    model_free(&m);
    free(text);
    free(path);
}

/* Names as a program may set them: cut to the label, control bytes and
 * broken UTF-8 made printable; a demo's rows keep their numbers; ended
 * rows give way to live ones when there is no room for all. */
static void traced_names_and_rows(void)
{
    Model m;
    model_init(&m);
    feed(&m, "{\"type\":\"span\",\"t\":0,\"dur\":0.1,\"thread\":0,\"state\":\"run\"}");
    char label[64];
    model_thread_label(&m, 0, label, sizeof label, 3);
    CHECK(strcmp(label, "T0 ") == 0, "got \"%s\"", label);
    CHECK(!m.traced && model_label_width(&m) == 4);
    feed(&m, "{\"type\":\"span\",\"t\":0,\"dur\":0.1,\"thread\":1,\"state\":\"run\",\"pid\":7,\"tid\":12345,"
                 "\"name\":\"Thread-1 (count\"}");
    model_thread_label(&m, 1, label, sizeof label, MODEL_LABEL_W - 1);
    CHECK(strcmp(label, "Thread-1 12345") == 0, "got \"%s\"", label);
    feed(&m, "{\"type\":\"span\",\"t\":0,\"dur\":0.1,\"thread\":2,\"state\":\"io\",\"pid\":9,\"tid\":9,"
                 "\"name\":\"a\\u001b[2J\\u00e9\"}");
    model_thread_label(&m, 2, label, sizeof label, MODEL_LABEL_W - 1);
    CHECK(strcmp(label, "[9] a [2J\xc3\xa9") == 0, "got \"%s\"", label);
    /* out of range ids are no names; the span still counts */
    feed(&m, "{\"type\":\"span\",\"t\":0,\"dur\":0.1,\"thread\":3,\"state\":\"run\",\"pid\":-1,\"tid\":5,\"name\":\"x\"}");
    CHECK(m.nthreads == 4 && m.threads[3].name[0] == '\0');
    /* rows 0..3 ended by 0.1 s; row 4 runs on to 2 s, row 5 to 1 s */
    model_add_span(&m, 0.1, 1.9, 4, STATE_RUN, 0);
    model_add_span(&m, 0.1, 0.9, 5, STATE_RUN, 0);
    int rows[MODEL_MAX_THREADS];
    CHECK(model_window_rows(&m, 0.5, 8, rows) == 6);
    CHECK(model_window_rows(&m, 0.5, 2, rows) == 2 && rows[0] == 4 && rows[1] == 5);
    CHECK(model_window_rows(&m, 1.5, 1, rows) == 1 && rows[0] == 4);
    CHECK(model_window_rows(&m, 1.5, 3, rows) == 3 && rows[0] == 0 && rows[1] == 4 && rows[2] == 5);
    /* row 6 waits all along (a main thread in join): a row that ran goes first */
    model_add_span(&m, 0.0, 2.0, 6, STATE_WAIT, 0);
    CHECK(model_window_rows(&m, 1.5, 1, rows) == 1 && rows[0] == 4);
    CHECK(model_window_rows(&m, 1.5, 2, rows) == 2 && rows[0] == 4 && rows[1] == 6);
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
    RUN(traced_stream);
    RUN(traced_names_and_rows);
    return check_exit();
}
