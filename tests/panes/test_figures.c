/* Each demo's own figures (ui/panes/figures.c): its results table at
 * every width, the line about its newest result under the chart, and the
 * gil convoy's latency bars; drawn into a window of an ncurses screen
 * that writes to /dev/null and read back cell by cell. */
#include "../lib/check.h"
#include "../lib/offscreen.h"
#include "cells.h"
#include "models.h"

#include <stdlib.h>

enum { H = 40, W = 120 };

static WINDOW *win;

/* m's chart pane of h x w (at most 2 workers), drawn afresh: the results
 * table alone when table. Returns the window's text. */
static const char *chart(const Model *m, int h, int w, DrawCtx dc, bool table)
{
    return chart_text(win, m, h, w, dc, 2, table);
}

/* Result records as `corelab demo NAME --json` writes them. */
static const char *const convoy_json[] = {
    "{\"type\":\"result\",\"demo\":\"gil\",\"variant\":\"convoy\",\"workers\":1,\"wall_s\":0.986582,\"speedup\":1,"
    "\"work\":200,\"stopped\":true,\"spans_dropped\":0,\"interval_ms\":5,\"op_latency_ms\":5.33211,\"alone_ms\":"
    "0.268769,\"ops\":184,\"switches\":370,\"forced_drops\":184,\"gil_wait_s\":0.940732,\"max_wait_ms\":5.13732}",
    "{\"type\":\"result\",\"demo\":\"gil\",\"variant\":\"convoy\",\"workers\":2,\"wall_s\":0.987735,\"speedup\":"
    "0.141139,\"work\":200,\"stopped\":true,\"spans_dropped\":0,\"interval_ms\":5,\"op_latency_ms\":37.9878,"
    "\"alone_ms\":0.268077,\"ops\":26,\"switches\":218,\"forced_drops\":189,\"gil_wait_s\":1.96714,"
    "\"max_wait_ms\":77.5264}",
    NULL};
static const char *const race_json[] = {
    "{\"type\":\"result\",\"demo\":\"race\",\"variant\":\"nolock\",\"workers\":1,\"wall_s\":0.411706,\"speedup\":1,"
    "\"work\":20000000,\"stopped\":false,\"spans_dropped\":0,\"expected\":20000000,\"observed\":20000000,"
    "\"lost\":0,\"ns_per_update\":20.5853}",
    "{\"type\":\"result\",\"demo\":\"race\",\"variant\":\"nolock\",\"workers\":2,\"wall_s\":0.295217,\"speedup\":"
    "1.39459,\"work\":20000000,\"stopped\":false,\"spans_dropped\":0,\"expected\":20000000,\"observed\":10560162,"
    "\"lost\":9439838,\"ns_per_update\":29.5217}",
    "{\"type\":\"fit\",\"serial_fraction\":0.434115}",
    NULL};
static const char *const procs_json[] = {
    "{\"type\":\"result\",\"demo\":\"procs\",\"variant\":\"threads\",\"workers\":1,\"wall_s\":0.351584,\"speedup\":1,"
    "\"work\":300000,\"stopped\":false,\"spans_dropped\":0,\"start_us\":[38.959],\"mean_start_us\":38.959,"
    "\"create_us\":27.071,\"cow_ms\":0.063986,\"ipc_us\":377.577,\"private_visible\":true,\"shared_visible\":true}",
    "{\"type\":\"result\",\"demo\":\"procs\",\"variant\":\"threads\",\"workers\":2,\"wall_s\":0.178007,\"speedup\":"
    "1.97512,\"work\":300000,\"stopped\":false,\"spans_dropped\":0,\"start_us\":[66.109,42.604],\"mean_start_us\":"
    "54.3565,\"create_us\":29.554,\"cow_ms\":0.019219,\"ipc_us\":351.418,\"private_visible\":true,"
    "\"shared_visible\":true}",
    NULL};
static const char *const pool_json[] = {
    "{\"type\":\"result\",\"demo\":\"pool\",\"variant\":\"threads\",\"workers\":1,\"wall_s\":0.466627,\"speedup\":1,"
    "\"work\":200000,\"stopped\":false,\"spans_dropped\":0,\"chunksize\":50000,\"tasks\":200000,\"chunks\":4,"
    "\"busy_s\":[0.46591],\"imbalance\":1,\"overhead_us\":0.00316753}",
    "{\"type\":\"result\",\"demo\":\"pool\",\"variant\":\"threads\",\"workers\":2,\"wall_s\":0.283351,\"speedup\":"
    "1.64682,\"work\":200000,\"stopped\":false,\"spans_dropped\":0,\"chunksize\":25000,\"tasks\":200000,"
    "\"chunks\":8,\"busy_s\":[0.252471,0.212928],\"imbalance\":1.18571,\"overhead_us\":0.243109}",
    NULL};
static const char *const pi_json[] = {
    "{\"type\":\"result\",\"demo\":\"pi\",\"variant\":\"threads\",\"workers\":1,\"wall_s\":0.669854,\"speedup\":1,"
    "\"work\":400000000,\"stopped\":false,\"spans_dropped\":0,\"estimate\":3.14154,\"samples\":400000000,"
    "\"sigma\":8.2111e-05,\"busy_s\":[0.646006]}",
    "{\"type\":\"result\",\"demo\":\"pi\",\"variant\":\"threads\",\"workers\":2,\"wall_s\":0.411,\"speedup\":1.62981,"
    "\"work\":400000000,\"stopped\":false,\"spans_dropped\":0,\"estimate\":3.14153,\"samples\":400000000,"
    "\"sigma\":8.21112e-05,\"busy_s\":[0.323292,0.324592]}",
    NULL};
static const char *const sched_json[] = {
    "{\"type\":\"result\",\"demo\":\"sched\",\"variant\":\"static\",\"workers\":1,\"wall_s\":0.595476,\"speedup\":1,"
    "\"work\":4000,\"stopped\":false,\"spans_dropped\":0,\"schedule\":\"static\",\"imbalance\":1,\"chunks\":1,"
    "\"busy_s\":[0.582677]}",
    "{\"type\":\"result\",\"demo\":\"sched\",\"variant\":\"static\",\"workers\":2,\"wall_s\":0.446868,\"speedup\":"
    "1.33256,\"work\":4000,\"stopped\":false,\"spans_dropped\":0,\"schedule\":\"static\",\"imbalance\":3.00137,"
    "\"chunks\":2,\"busy_s\":[0.143431,0.430488]}",
    NULL};

/* Every header in the table's first row is whole: each word of it is one
 * of the words the demo's headers are made of. */
static void check_headers_whole(const char *head, const char *const *words)
{
    char buf[CELLS_ROW_BYTES];
    snprintf(buf, sizeof buf, "%s", head);
    for (char *save, *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        bool known = false;
        for (const char *const *w = words; *w && !known; w++)
            known = strcmp(*w, tok) == 0;
        if (!known)
            fprintf(stderr, "header word \"%s\" cut or unknown in \"%s\"\n", tok, head);
        CHECK(known);
    }
}

typedef struct {
    const char *name;
    const char *const *json;
    const char *const *need40; /* headers at 40 columns (the chart pane at 80x24) */
    const char *const *need80;
    const char *const *need120;
    const char *row80;         /* the newest result's row at 80 columns */
    const char *summary;       /* the line under the chart, in full */
    const char *brief;         /* and in 40 columns */
} DemoCase;

static const char *const all_words[] = {"W", "CPU", "thr", "wall", "s", "latency", "ms", "alone", "max", "wait",
                                        "ops", "lost", "expected", "speedup", "eff", "ns/update", "start", "us", "cow",
                                        "ipc", "overhead", "imbalance", "chunk", "busy", "tasks", "estimate",
                                        "samples", "schedule", NULL};

static void table_at(const DemoCase *dc_, int width)
{
    Model m;
    records_model(&m, dc_->json);
    CHECK(all_ascii(chart(&m, 8, width, draw_ctx(true, false), true)));
    char head[CELLS_ROW_BYTES];
    snprintf(head, sizeof head, "%s", row(win, 1, 0, width));
    const char *const *need = width <= 40 ? dc_->need40 : width <= 80 ? dc_->need80 : dc_->need120;
    for (; *need; need++) {
        if (!strstr(head, *need))
            fprintf(stderr, "%s at %d columns: no \"%s\" in \"%s\"\n", dc_->name, width, *need, head);
        CHECK_STR_HAS(head, *need);
    }
    check_headers_whole(head, all_words);
    /* nothing drawn past the pane */
    CHECK(strspn(row(win, 1, width, W - width), " ") == (size_t)(W - width));
    if (width == 80)
        CHECK_STR_HAS(row(win, 3, 0, width), dc_->row80);
    model_free(&m);
}

static const DemoCase demo_cases[] = {
    {"convoy", convoy_json, (const char *const[]){"CPU thr", "wall s", "latency ms", "alone ms", NULL},
     (const char *const[]){"CPU thr", "wall s", "latency ms", "alone ms", "max wait ms", "ops", NULL},
     (const char *const[]){"latency ms", "alone ms", "max wait ms", NULL}, "2   0.988       37.99      0.27",
     "2 CPU-bound threads: each I/O op 37.99 ms, 0.27 ms alone (142x slower)",
     "2 CPU thr: op 37.99 ms, alone 0.27"},
    {"race", race_json, (const char *const[]){"W", "wall s", "lost", NULL},
     (const char *const[]){"W", "wall s", "lost", "expected", "speedup", "eff", "ns/update", NULL},
     (const char *const[]){"lost", "expected", "ns/update", NULL}, "2   0.295  9,439,838  20,000,000     1.39   70%",
     "2 workers: lost 9,439,838 of 20,000,000 updates",
     "W=2: lost 9,439,838 of 20,000,000"},
    {"procs", procs_json, (const char *const[]){"W", "wall s", "start us", "cow ms", NULL},
     (const char *const[]){"W", "wall s", "start us", "cow ms", "ipc us", "speedup", "eff", NULL},
     (const char *const[]){"start us", "cow ms", "ipc us", NULL}, "2   0.178        54    0.02     351",
     "2 workers: start 54 us, copy-on-write 0.02 ms, IPC 351 us",
     "W=2: start 54 us, cow 0.02 ms"},
    {"pool", pool_json, (const char *const[]){"W", "wall s", "overhead us", "imbalance", NULL},
     (const char *const[]){"W", "wall s", "overhead us", "imbalance", "chunk", "busy s", "speedup", NULL},
     (const char *const[]){"overhead us", "imbalance", "chunk", "busy s", "tasks", NULL},
     "2   0.283        0.243       1.19  25,000  0.21-0.25",
     "2 workers: overhead 0.243 us/task, imbalance 1.19",
     "W=2: 0.243 us/task, imbalance 1.19"},
    {"pi", pi_json, (const char *const[]){"W", "wall s", "estimate", NULL},
     (const char *const[]){"W", "wall s", "estimate", "speedup", "eff", "samples", NULL},
     (const char *const[]){"estimate", "samples", NULL}, "2   0.411   3.14153     1.63   81%  400,000,000",
     "2 workers: pi ~ 3.14153 from 400,000,000 samples",
     "W=2: pi ~ 3.14153"},
    {"sched", sched_json, (const char *const[]){"W", "wall s", "imbalance", NULL},
     (const char *const[]){"W", "wall s", "imbalance", "speedup", "eff", "busy s", "schedule", NULL},
     (const char *const[]){"imbalance", "schedule", NULL}, "2   0.447       3.00     1.33   67%  0.14-0.43",
     "2 workers, static: imbalance 3.00 (busiest/idlest)",
     "W=2, static: imbalance 3.00"},
};

/* A sweep without a 1-worker run has no speedup: no column of dashes,
 * the room goes to the next figure. */
static void table_skips_empty_columns(void)
{
    Model m;
    model_init(&m);
    feed(&m, "{\"type\":\"result\",\"demo\":\"race\",\"variant\":\"nolock\",\"workers\":2,\"wall_s\":0.2,"
             "\"expected\":100000,\"observed\":50488,\"lost\":49512}");
    DrawCtx dc = draw_ctx(true, false);
    chart(&m, 5, 40, dc, true);
    SHOWS(win, 40, {1, " W  wall s    lost  expected"}, {2, " 2   0.200  49,512   100,000"});
    CHECK(!strstr(row(win, 1, 0, 40), "speedup"));
    /* and the line under the chart, as the lesson puts it */
    chart(&m, 8, 40, dc, false);
    SHOWS(win, 40, {7, " W=2: lost 49,512 of 100,000 "});
    chart(&m, 8, 60, dc, false);
    SHOWS(win, 60, {7, " 2 workers: lost 49,512 of 100,000 updates"});
    model_free(&m);
}

static void demo_tables_fit(void)
{
    for (size_t i = 0; i < sizeof demo_cases / sizeof demo_cases[0]; i++) {
        table_at(&demo_cases[i], 40);
        table_at(&demo_cases[i], 80);
        table_at(&demo_cases[i], 120);
    }
}

/* The speedup view keeps a line about the newest result under the plot,
 * even in the 40x8 chart pane of an 80x24 terminal. */
static void demo_summary_under_chart(void)
{
    for (size_t i = 0; i < sizeof demo_cases / sizeof demo_cases[0]; i++) {
        Model m;
        records_model(&m, demo_cases[i].json);
        char want[41];
        snprintf(want, sizeof want, " %s ", demo_cases[i].brief); /* whole */
        CHECK_STR_HAS(chart(&m, 8, 40, draw_ctx(true, false), false), want);
        /* wide: all of it */
        CHECK_STR_HAS(chart(&m, 12, 120, draw_ctx(true, false), false), demo_cases[i].summary);
        /* UTF-8: µs and the like */
        const char *t = chart(&m, 12, 120, draw_ctx(false, false), false);
        if (strcmp(demo_cases[i].name, "procs") == 0)
            CHECK_STR_HAS(t, "start 54 µs");
        if (strcmp(demo_cases[i].name, "pi") == 0)
            CHECK_STR_HAS(t, "pi ≈ 3.14153");
        model_free(&m);
    }
}

/* The convoy's chart has no speedup plot: its work is not split. */
static void no_speedup_plot(const char *t)
{
    CHECK(!strstr(t, "speedup "));
    CHECK(!strstr(t, "Amdahl"));
    CHECK(!strstr(t, "serial"));
}

/* gil convoy: the I/O op's latency per run as bars, under a bar of its
 * latency alone. */
static void convoy_latency_bars(void)
{
    Model m;
    records_model(&m, convoy_json);
    const char *t = chart(&m, 8, 40, draw_ctx(true, false), false);
    CHECK(all_ascii(t));
    no_speedup_plot(t);
    /* alone: the shortest bar; 2 threads: the whole width */
    SHOWS(win, 40, {0, "I/O latency"}, {1, "threads  ms per I/O operation"}, {2, " alone |#"}, {2, " 0.27"},
          {3, "     1 |#"}, {3, " 5.33"}, {4, "     2 |####"}, {4, " 37.99"},
          {7, " 2 CPU thr: op 37.99 ms, alone 0.27 "});
    int one = count_char(row(win, 3, 0, 40), '#');
    CHECK(count_char(row(win, 2, 0, 40), '#') == 1);
    CHECK(count_char(row(win, 4, 0, 40), '#') > 5 * one);

    /* wide: the table beside the bars */
    no_speedup_plot(chart(&m, 12, 120, draw_ctx(true, false), false));
    SHOWS(win, 120, {0, "alone 0.27 ms"}, {ANY_ROW, "latency ms  alone ms"}, {ANY_ROW, "37.99      0.27"},
          {ANY_ROW, "(142x slower)"});

    /* UTF-8 and colour: block bars */
    chart(&m, 8, 40, draw_ctx(false, true), false);
    SHOWS(win, 40, {4, "│█████"});
    CHECK(any_colour(win));

    /* t: the table, the key figures at 40 columns */
    chart(&m, 8, 40, draw_ctx(true, false), true);
    SHOWS(win, 40, {1, "CPU thr  wall s  latency ms  alone ms"}, {3, "      2   0.988       37.99      0.27"});
    model_free(&m);
}

/* Before the first result, told by the panel it is convoy. */
static void convoy_before_results(void)
{
    Model empty;
    model_init(&empty);
    model_set_demo(&empty, "gil", "convoy");
    const char *t = chart(&empty, 8, 40, draw_ctx(true, false), false);
    no_speedup_plot(t);
    SHOWS(win, 40, {0, "I/O latency"}, {ANY_ROW, "waiting for the first result"});
    chart(&empty, 8, 40, draw_ctx(true, false), true);
    SHOWS(win, 40, {1, "CPU thr  wall s  latency ms  alone ms"}, {2, "waiting for results"});
    model_free(&empty);
}

int main(void)
{
    static const CheckTest tests[] = {CHECK_TEST(demo_tables_fit), CHECK_TEST(table_skips_empty_columns),
                                      CHECK_TEST(demo_summary_under_chart), CHECK_TEST(convoy_latency_bars),
                                      CHECK_TEST(convoy_before_results)};
    return offscreen_main(H, W, &win, panes_colours, tests, CHECK_COUNT(tests));
}
