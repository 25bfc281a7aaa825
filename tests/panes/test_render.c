/* The renderers, drawn into a window of an ncurses screen that writes to
 * /dev/null, then read back cell by cell: what a user would see. */
#include "../lib/check.h"
#include "../lib/offscreen.h"
#include "ui/panes/panes.h"

#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <wchar.h>

enum { H = 40, W = 120 };

/* Row y of win between columns x and x+w as UTF-8. */
static char *row(WINDOW *win, int y, int x, int w)
{
    static char buf[W * 4 + 1];
    size_t o = 0;
    for (int c = x; c < x + w && c < W; c++) {
        cchar_t cc;
        wchar_t wch[CCHARW_MAX + 1] = {0};
        attr_t a;
        short pair;
        if (mvwin_wch(win, y, c, &cc) == ERR)
            break;
        getcchar(&cc, wch, &a, &pair, NULL);
        char mb[MB_LEN_MAX];
        mbstate_t st = {0};
        size_t n = wcrtomb(mb, wch[0] ? wch[0] : L' ', &st);
        if (n == (size_t)-1) {
            mb[0] = '?';
            n = 1;
        }
        memcpy(buf + o, mb, n);
        o += n;
    }
    buf[o] = '\0';
    return buf;
}

/* The whole window as text, rows joined by newlines (caller frees). */
static char *screen_text(WINDOW *win)
{
    char *all = calloc(H, W * 4 + 2);
    for (int y = 0; y < H; y++) {
        strcat(all, row(win, y, 0, W));
        strcat(all, "\n");
    }
    return all;
}

static bool all_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

static int count_char(const char *s, char c)
{
    int n = 0;
    for (; *s; s++)
        n += *s == c;
    return n;
}

static bool any_colour(WINDOW *win)
{
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            cchar_t cc;
            wchar_t wch[CCHARW_MAX + 1];
            attr_t a;
            short pair;
            mvwin_wch(win, y, x, &cc);
            getcchar(&cc, wch, &a, &pair, NULL);
            if (pair != 0)
                return true;
        }
    return false;
}

static DrawCtx ctx(bool ascii, bool color)
{
    DrawCtx dc = {{ascii, color}, color, false};
    return dc;
}

static void feed(Model *m, const char *s)
{
    stream_parse_line(m, s, strlen(s), false);
}

static void gil_model(Model *m)
{
    model_init(m);
    feed(m, "{\"type\":\"sample\",\"t\":0.2,\"cpu\":[50,100]}");
    feed(m, "{\"type\":\"sample\",\"t\":0.4,\"cpu\":[48,97],\"quota\":1.5}");
    /* two threads trading the GIL every 5 ms over 100 ms */
    for (int k = 0; k < 20; k++) {
        char buf[160];
        snprintf(buf, sizeof buf, "{\"type\":\"span\",\"t\":%g,\"dur\":0.005,\"thread\":%d,\"state\":\"run\",\"cpu\":0}",
                 k * 0.005, k % 2);
        feed(m, buf);
        snprintf(buf, sizeof buf, "{\"type\":\"span\",\"t\":%g,\"dur\":0.005,\"thread\":%d,\"state\":\"wait\",\"cpu\":1}",
                 k * 0.005, 1 - k % 2);
        feed(m, buf);
    }
    feed(m, "{\"type\":\"span\",\"t\":0.096,\"dur\":0.004,\"thread\":2,\"state\":\"io\",\"cpu\":1}");
    feed(m, "{\"type\":\"span\",\"t\":0.091,\"dur\":0.005,\"thread\":2,\"state\":\"nogil\",\"cpu\":1}");
    feed(m, "{\"type\":\"result\",\"demo\":\"gil\",\"variant\":\"nogil\",\"workers\":1,\"wall_s\":4.0,\"speedup\":1,"
            "\"work\":5,\"op_latency_ms\":4.9}");
    feed(m, "{\"type\":\"result\",\"demo\":\"gil\",\"variant\":\"nogil\",\"workers\":2,\"wall_s\":2.1,\"speedup\":1.9}");
    feed(m, "{\"type\":\"result\",\"demo\":\"gil\",\"variant\":\"nogil\",\"workers\":4,\"wall_s\":1.2,\"speedup\":3.33}");
    feed(m, "{\"type\":\"fit\",\"serial_fraction\":0.05}");
}

static WINDOW *win;

static void meters_ascii_and_utf8(void)
{
    Model m;
    gil_model(&m);
    Rect r = {0, 0, 4, 60};
    DrawCtx dc = ctx(true, false);
    werase(win);
    meters_draw(win, &r, &m, &dc, "cores");
    char *t = screen_text(win);
    CHECK(all_ascii(t));
    CHECK_STR_HAS(row(win, 0, 0, 60), "cores");
    CHECK_STR_HAS(row(win, 0, 0, 60), "2 CPUs");
    CHECK_STR_HAS(row(win, 0, 0, 60), "quota 1.5 CPUs");
    CHECK_STR_HAS(row(win, 1, 0, 60), "  0 [||||");
    CHECK_STR_HAS(row(win, 1, 0, 60), "48%");
    CHECK_STR_HAS(row(win, 2, 0, 60), " 97%");
    CHECK(count_char(row(win, 2, 0, 60), '|') > count_char(row(win, 1, 0, 60), '|'));
    free(t);

    dc = ctx(false, true);
    werase(win);
    meters_draw(win, &r, &m, &dc, "cores");
    t = screen_text(win);
    CHECK_STR_HAS(row(win, 2, 0, 60), "█");
    /* the history: braille, two samples per cell (50 then 48: 2 dots each) */
    CHECK_STR_HAS(row(win, 1, 0, 60), "⣤");
    CHECK(any_colour(win));
    free(t);

    /* No samples yet. */
    Model empty;
    model_init(&empty);
    werase(win);
    meters_draw(win, &r, &empty, &dc, "system");
    CHECK_STR_HAS(row(win, 1, 0, 60), "waiting for the first sample");
    model_free(&m);
}

static void meters_many_cpus_in_columns(void)
{
    Model m;
    model_init(&m);
    double pct[64];
    for (int i = 0; i < 64; i++)
        pct[i] = i;
    model_add_sample(&m, 1, pct, 64, NULL);
    Rect r = {0, 0, 9, 120};
    DrawCtx dc = ctx(true, false);
    werase(win);
    meters_draw(win, &r, &m, &dc, "cores");
    char *t = screen_text(win);
    CHECK_STR_HAS(t, " 63 ");
    CHECK_STR_HAS(t, " 63%");
    CHECK(all_ascii(t));
    free(t);
    model_free(&m);
}

static void chart_points_ideal_amdahl(void)
{
    Model m;
    gil_model(&m);
    Rect r = {0, 0, 16, 90};
    DrawCtx dc = ctx(true, false);
    werase(win);
    chart_draw(win, &r, &m, &dc, 4, false);
    char *t = screen_text(win);
    CHECK(all_ascii(t));
    CHECK_STR_HAS(row(win, 0, 0, 90), "speedup");
    CHECK_STR_HAS(row(win, 0, 0, 90), "serial fraction 0.050");
    CHECK_STR_HAS(row(win, 0, 0, 90), "efficiency 83% at 4");
    CHECK_STR_HAS(t, "- workers");
    CHECK_STR_HAS(t, "* measured");
    CHECK_STR_HAS(t, "o Amdahl, serial 5.0%");
    /* the plot area (left of the table): 3 points, an ideal line, the curve */
    int stars = 0, dots = 0, os = 0;
    for (int y = 1; y < 16; y++) {
        const char *s = row(win, y, 6, 56);
        if (strstr(s, "measured"))
            continue;
        stars += count_char(s, '*');
        dots += count_char(s, '.');
        os += count_char(s, 'o');
    }
    CHECK(stars == 3);
    CHECK(dots > 10);
    CHECK(os > 10);
    /* the table */
    CHECK_STR_HAS(t, " W  wall s  speedup   eff");
    CHECK_STR_HAS(t, " 4   1.200     3.33   83%");
    CHECK_STR_HAS(t, " 2   2.100     1.90   95%");
    free(t);

    /* narrow: the table alone */
    Rect n = {0, 0, 5, 60};
    werase(win);
    chart_draw(win, &n, &m, &dc, 4, true);
    t = screen_text(win);
    CHECK_STR_HAS(t, " 1   4.000     1.00  100%");
    free(t);

    /* before any result */
    Model empty;
    model_init(&empty);
    werase(win);
    chart_draw(win, &r, &empty, &dc, 4, false);
    t = screen_text(win);
    CHECK_STR_HAS(t, "waiting for the first result");
    CHECK_STR_HAS(t, "from 3 worker counts");
    free(t);
    model_free(&m);
}

/* ---- each demo's own figures (figures.c) ---- */

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

static void records_model(Model *m, const char *const *json)
{
    model_init(m);
    for (; *json; json++)
        feed(m, *json);
}

/* Every header in the table's first row is whole: each word of it is one
 * of the words the demo's headers are made of. */
static void check_headers_whole(const char *head, const char *const *words)
{
    char buf[W * 4 + 1];
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
    DrawCtx dc = ctx(true, false);
    Rect r = {0, 0, 8, width};
    werase(win);
    chart_draw(win, &r, &m, &dc, 2, true);
    char head[W * 4 + 1];
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
    char *t = screen_text(win);
    CHECK(all_ascii(t));
    free(t);
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
    DrawCtx dc = ctx(true, false);
    Rect r = {0, 0, 5, 40};
    werase(win);
    chart_draw(win, &r, &m, &dc, 2, true);
    CHECK_STR_HAS(row(win, 1, 0, 40), " W  wall s    lost  expected");
    CHECK(!strstr(row(win, 1, 0, 40), "speedup"));
    CHECK_STR_HAS(row(win, 2, 0, 40), " 2   0.200  49,512   100,000");
    /* and the line under the chart, as the lesson puts it */
    r.h = 8;
    werase(win);
    chart_draw(win, &r, &m, &dc, 2, false);
    CHECK_STR_HAS(row(win, 7, 0, 40), " W=2: lost 49,512 of 100,000 ");
    r.w = 60;
    werase(win);
    chart_draw(win, &r, &m, &dc, 2, false);
    CHECK_STR_HAS(row(win, 7, 0, 60), " 2 workers: lost 49,512 of 100,000 updates");
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
        DrawCtx dc = ctx(true, false);
        Rect r = {0, 0, 8, 40};
        werase(win);
        chart_draw(win, &r, &m, &dc, 2, false);
        char *t = screen_text(win);
        char want[41];
        snprintf(want, sizeof want, " %s ", demo_cases[i].brief); /* whole */
        CHECK_STR_HAS(t, want);
        /* wide: all of it */
        Rect wide = {0, 0, 12, 120};
        werase(win);
        chart_draw(win, &wide, &m, &dc, 2, false);
        free(t);
        t = screen_text(win);
        CHECK_STR_HAS(t, demo_cases[i].summary);
        free(t);
        /* UTF-8: µs and the like */
        dc = ctx(false, false);
        werase(win);
        chart_draw(win, &wide, &m, &dc, 2, false);
        t = screen_text(win);
        if (strcmp(demo_cases[i].name, "procs") == 0)
            CHECK_STR_HAS(t, "start 54 µs");
        if (strcmp(demo_cases[i].name, "pi") == 0)
            CHECK_STR_HAS(t, "pi ≈ 3.14153");
        free(t);
        model_free(&m);
    }
}

/* gil convoy: no speedup plot (the work is not split) but the I/O op's
 * latency per run as bars, under a bar of its latency alone. */
static void convoy_latency_bars(void)
{
    Model m;
    records_model(&m, convoy_json);
    DrawCtx dc = ctx(true, false);
    Rect r = {0, 0, 8, 40};
    werase(win);
    chart_draw(win, &r, &m, &dc, 2, false);
    char *t = screen_text(win);
    CHECK(all_ascii(t));
    CHECK(!strstr(t, "speedup "));
    CHECK(!strstr(t, "Amdahl"));
    CHECK(!strstr(t, "serial"));
    CHECK_STR_HAS(row(win, 0, 0, 40), "I/O latency");
    CHECK_STR_HAS(row(win, 1, 0, 40), "threads  ms per I/O operation");
    /* alone: the shortest bar; 2 threads: the whole width */
    const char *alone = row(win, 2, 0, 40);
    CHECK_STR_HAS(alone, " alone |#");
    CHECK_STR_HAS(alone, " 0.27");
    CHECK(count_char(alone, '#') == 1);
    int one = count_char(row(win, 3, 0, 40), '#');
    CHECK_STR_HAS(row(win, 3, 0, 40), "     1 |#");
    CHECK_STR_HAS(row(win, 3, 0, 40), " 5.33");
    const char *two = row(win, 4, 0, 40);
    CHECK_STR_HAS(two, "     2 |####");
    CHECK_STR_HAS(two, " 37.99");
    CHECK(count_char(two, '#') > 5 * one);
    CHECK_STR_HAS(row(win, 7, 0, 40), " 2 CPU thr: op 37.99 ms, alone 0.27 ");
    free(t);

    /* wide: the table beside the bars */
    Rect wide = {0, 0, 12, 120};
    werase(win);
    chart_draw(win, &wide, &m, &dc, 2, false);
    t = screen_text(win);
    CHECK(!strstr(t, "speedup "));
    CHECK(!strstr(t, "Amdahl"));
    CHECK_STR_HAS(row(win, 0, 0, 120), "alone 0.27 ms");
    CHECK_STR_HAS(t, "latency ms  alone ms");
    CHECK_STR_HAS(t, "37.99      0.27");
    CHECK_STR_HAS(t, "(142x slower)");
    free(t);

    /* UTF-8 and colour: block bars */
    dc = ctx(false, true);
    werase(win);
    chart_draw(win, &r, &m, &dc, 2, false);
    CHECK_STR_HAS(row(win, 4, 0, 40), "│█████");
    CHECK(any_colour(win));

    /* before the first result, told by the panel it is convoy */
    Model empty;
    model_init(&empty);
    model_set_demo(&empty, "gil", "convoy");
    dc = ctx(true, false);
    werase(win);
    chart_draw(win, &r, &empty, &dc, 2, false);
    t = screen_text(win);
    CHECK(!strstr(t, "speedup "));
    CHECK(!strstr(t, "Amdahl"));
    CHECK_STR_HAS(row(win, 0, 0, 40), "I/O latency");
    CHECK_STR_HAS(t, "waiting for the first result");
    free(t);
    werase(win);
    chart_draw(win, &r, &empty, &dc, 2, true);
    CHECK_STR_HAS(row(win, 1, 0, 40), "CPU thr  wall s  latency ms  alone ms");
    CHECK_STR_HAS(row(win, 2, 0, 40), "waiting for results");
    model_free(&empty);

    /* t: the table, the key figures at 40 columns */
    dc = ctx(true, false);
    werase(win);
    chart_draw(win, &r, &m, &dc, 2, true);
    CHECK_STR_HAS(row(win, 1, 0, 40), "CPU thr  wall s  latency ms  alone ms");
    CHECK_STR_HAS(row(win, 3, 0, 40), "      2   0.988       37.99      0.27");
    model_free(&m);
}

static void timeline_handoffs_visible(void)
{
    Model m;
    gil_model(&m);
    Rect r = {0, 0, 7, 84};
    TimelineView v = {.cell_s = 0.001};
    DrawCtx dc = ctx(true, false);
    werase(win);
    timeline_draw(win, &r, &m, &dc, &v);
    char *t = screen_text(win);
    CHECK(all_ascii(t));
    CHECK_STR_HAS(row(win, 0, 0, 84), "threads");
    CHECK_STR_HAS(row(win, 0, 0, 84), "1 ms per cell");
    /* 5 ms turns at 1 ms a cell: runs of five, alternating between rows */
    const char *t0 = row(win, 1, 0, 84);
    CHECK_STR_HAS(t0, "T0");
    CHECK_STR_HAS(t0, "#####.....#####.....");
    const char *t1 = row(win, 2, 0, 84);
    CHECK_STR_HAS(t1, ".....#####.....#####");
    const char *t2 = row(win, 3, 0, 84);
    CHECK_STR_HAS(t2, "=====~~~~");
    CHECK_STR_HAS(row(win, 4, 0, 84), "now t=0.10 s");
    const char *legend = row(win, 5, 0, 84);
    CHECK_STR_HAS(legend, "# run/GIL");
    CHECK_STR_HAS(legend, ". wait");
    CHECK_STR_HAS(legend, "= nogil");
    CHECK_STR_HAS(legend, "~ io");
    free(t);

    /* UTF-8 with colour: blocks instead of '#', still a glyph per state */
    dc = ctx(false, true);
    werase(win);
    timeline_draw(win, &r, &m, &dc, &v);
    CHECK_STR_HAS(row(win, 1, 0, 84), "█████·····█████");
    CHECK(any_colour(win));
    /* zoomed out: 10 ms a cell; paused at 0.05 s */
    TimelineView z = {.cell_s = 0.01, .paused = true, .t_end = 0.05};
    dc = ctx(true, false);
    werase(win);
    timeline_draw(win, &r, &m, &dc, &z);
    CHECK_STR_HAS(row(win, 0, 0, 84), "10 ms per cell, paused");
    CHECK_STR_HAS(row(win, 4, 0, 84), "paused at t=0.05 s");
    model_free(&m);
}

static void monochrome_has_no_colour(void)
{
    Model m;
    gil_model(&m);
    DrawCtx dc = ctx(false, false);
    Rect a = {0, 0, 5, 60}, b = {5, 0, 14, 100}, c = {20, 0, 7, 100};
    TimelineView v = {.cell_s = 0.001};
    werase(win);
    meters_draw(win, &a, &m, &dc, "cores");
    chart_draw(win, &b, &m, &dc, 4, false);
    timeline_draw(win, &c, &m, &dc, &v);
    CHECK(!any_colour(win));
    model_free(&m);
}

static void output_pane(void)
{
    Model m;
    model_init(&m);
    for (int i = 0; i < 30; i++) {
        char buf[32];
        int n = snprintf(buf, sizeof buf, "out %d", i);
        model_add_output(&m, buf, (size_t)n);
    }
    Rect r = {0, 0, 6, 40};
    DrawCtx dc = ctx(true, false);
    werase(win);
    output_draw(win, &r, &m, &dc, "output", NULL, 0);
    CHECK_STR_HAS(row(win, 0, 0, 40), "lines 26-30 of 30");
    CHECK_STR_HAS(row(win, 5, 0, 40), "out 29");
    CHECK_STR_HAS(row(win, 1, 0, 40), "out 25");
    /* UTF-8 from a child shows as '?' in ASCII mode */
    model_add_output(&m, "caf\xc3\xa9", 5);
    werase(win);
    output_draw(win, &r, &m, &dc, "output", NULL, 0);
    CHECK_STR_HAS(row(win, 5, 0, 40), "caf?");
    /* a prompt without its newline yet shows as the last line */
    werase(win);
    output_draw(win, &r, &m, &dc, "output", "Your guess: \x1b", 13);
    CHECK_STR_HAS(row(win, 4, 0, 40), "caf?");
    CHECK_STR_HAS(row(win, 5, 0, 40), "Your guess:  ");
    model_free(&m);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    Offscreen screen;
    if (!(win = offscreen_open(&screen, H, W)))
        return 77;
    use_default_colors();
    pane_init_colors();
    RUN(meters_ascii_and_utf8);
    RUN(meters_many_cpus_in_columns);
    RUN(chart_points_ideal_amdahl);
    RUN(timeline_handoffs_visible);
    RUN(monochrome_has_no_colour);
    RUN(output_pane);
    RUN(demo_tables_fit);
    RUN(table_skips_empty_columns);
    RUN(demo_summary_under_chart);
    RUN(convoy_latency_bars);
    offscreen_close(&screen);
    return check_exit();
}
