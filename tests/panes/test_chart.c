/* The speedup chart's Amdahl curve and its fit (issue 13): the curve is
 * drawn with the same CPU-capped worker count as the fit, so it passes
 * through the fit's own points; no serial fraction comes from fewer than
 * three worker counts that each have a CPU; the y axis has round ticks;
 * a result that other programs slowed makes no finding. Drawn into an
 * ncurses screen that writes to /dev/null, then read back. */
#include "../lib/check.h"
#include "../lib/offscreen.h"
#include "ui/panes/panes.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>

enum { H = 24, W = 90 };

static WINDOW *win;

static void feed(Model *m, const char *s)
{
    stream_parse_line(m, s, strlen(s), false);
}

/* The speedup Amdahl's law gives f at w workers on cpus CPUs. */
static double capped_amdahl(double f, int w, int cpus)
{
    int p = w < cpus ? w : cpus;
    return 1.0 / (f + (1.0 - f) / p);
}

/* Samples of `cpus` CPUs; with results, pi at 1, 2, 4 and 8 workers
 * exactly on the capped curve of serial fraction f; with fit, the
 * stream's fit. */
static void capped_model(Model *m, double f, int cpus, bool results, bool fit)
{
    model_init(m);
    char rec[256];
    snprintf(rec, sizeof rec, "{\"type\":\"sample\",\"t\":0.2,\"cpu\":[90%s]}",
             cpus == 4 ? ",95,80,85" : ",95");
    feed(m, rec);
    static const int ws[] = {1, 2, 4, 8};
    for (int i = 0; i < 4 && results; i++) {
        snprintf(rec, sizeof rec,
                 "{\"type\":\"result\",\"demo\":\"pi\",\"variant\":\"threads\",\"workers\":%d,\"wall_s\":%g,"
                 "\"speedup\":%.6f,\"busy_others\":0}",
                 ws[i], 1.0 / capped_amdahl(f, ws[i], cpus), capped_amdahl(f, ws[i], cpus));
        feed(m, rec);
    }
    if (fit) {
        snprintf(rec, sizeof rec, "{\"type\":\"fit\",\"serial_fraction\":%g,\"cpus\":%d}", f, cpus);
        feed(m, rec);
    }
}

static char cell(int y, int x)
{
    chtype c = mvwinch(win, y, x) & A_CHARTEXT;
    return (char)c;
}

static void fit_uses_the_cap(void)
{
    Model m;
    capped_model(&m, 0.1, 2, true, true);
    CHECK(model_cpus(&m) == 2);
    CHECK(fabs(model_amdahl(&m, 0.1, 8) - capped_amdahl(0.1, 8, 2)) < 1e-9);
    CHECK(fabs(model_amdahl(&m, 0.1, 2) - 1.0 / 0.55) < 1e-9);
    model_free(&m);
    /* Without the stream's fit, the estimate from the results is the same
     * fraction, the workers capped as the demo caps them (4 CPUs: three
     * counts that each have one). */
    capped_model(&m, 0.1, 4, true, false);
    double f;
    bool est;
    CHECK(model_fit(&m, &f, &est) && est && fabs(f - 0.1) < 1e-3, "estimated %g", f);
    model_free(&m);
}

static void no_fit_from_two_counts(void)
{
    Model m;
    model_init(&m);
    feed(&m, "{\"type\":\"sample\",\"t\":0.2,\"cpu\":[90,95]}");
    feed(&m, "{\"type\":\"result\",\"demo\":\"pi\",\"variant\":\"threads\",\"workers\":1,\"wall_s\":1,\"speedup\":1}");
    feed(&m, "{\"type\":\"result\",\"demo\":\"pi\",\"variant\":\"threads\",\"workers\":2,\"wall_s\":0.6,"
             "\"speedup\":1.66}");
    /* 4 workers on 2 CPUs: no third count that has a CPU */
    feed(&m, "{\"type\":\"result\",\"demo\":\"pi\",\"variant\":\"threads\",\"workers\":4,\"wall_s\":0.6,"
             "\"speedup\":1.66}");
    double f;
    bool est;
    CHECK(!model_fit(&m, &f, &est));
    Rect r = {0, 0, H, W};
    DrawCtx dc = {{true, false}, false, false};
    werase(win);
    chart_draw(win, &r, &m, &dc, 4, false);
    for (int y = 1; y < H - 5; y++) /* the plot, above its axis and the lines under it */
        for (int x = 6; x < W; x++)
            CHECK(cell(y, x) != 'o', "an Amdahl curve at %d,%d", y, x);
    /* and the legend does not promise one */
    bool said = false;
    for (int y = 0; y < H; y++) {
        char line[W + 1];
        mvwinnstr(win, y, 0, line, W);
        said |= strstr(line, "(no Amdahl fit on 2 CPUs)") != NULL;
        CHECK(!strstr(line, " o Amdahl"), "the legend names a curve on row %d: %s", y, line);
    }
    CHECK(said, "the legend does not say why there is no curve");
    model_free(&m);
}

/* Each measured point ('*') of results on the capped curve sits where the
 * same chart without the results draws the curve ('o'): the curve passes
 * through the fit's own points. */
static void curve_through_the_points(void)
{
    Model m, curve;
    capped_model(&m, 0.1, 2, true, true);
    capped_model(&curve, 0.1, 2, false, true);
    Rect r = {0, 0, H, 44}; /* too narrow for the table beside: both plots are as wide */
    DrawCtx dc = {{true, false}, false, false};
    char stars[H][W];
    werase(win);
    chart_draw(win, &r, &m, &dc, 8, false);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            stars[y][x] = cell(y, x);
    werase(win);
    chart_draw(win, &r, &curve, &dc, 8, false);
    int n = 0;
    for (int y = 1; y < H - 4; y++)
        for (int x = 6; x < 44; x++) {
            if (stars[y][x] != '*')
                continue;
            n++;
            CHECK(cell(y, x) == 'o', "the point at row %d col %d is off the curve ('%c')", y, x, cell(y, x));
        }
    CHECK(n == 4, "%d points", n);
    model_free(&curve);
    werase(win);
    r.w = W;
    chart_draw(win, &r, &m, &dc, 8, false);
    /* The y axis's labels are round numbers. */
    for (int y = 1; y < H - 4; y++) {
        char lab[8];
        for (int x = 0; x < 5; x++)
            lab[x] = cell(y, x);
        lab[5] = '\0';
        char *end;
        double v = strtod(lab, &end);
        if (end != lab)
            CHECK(v == floor(v), "a tick of %g", v);
    }
    model_free(&m);
}

static void busy_machine_no_finding(void)
{
    Model m;
    capped_model(&m, 0.1, 2, true, true);
    feed(&m, "{\"type\":\"result\",\"demo\":\"pi\",\"variant\":\"threads\",\"workers\":2,\"wall_s\":1,"
             "\"speedup\":1,\"busy_others\":1.5}");
    double most;
    CHECK(model_disturbed(&m, &most) && most == 1.5);
    Rect r = {0, 0, H, W};
    DrawCtx dc = {{true, false}, false, false};
    werase(win);
    chart_draw(win, &r, &m, &dc, 8, false);
    char title[W + 1];
    for (int x = 0; x < W; x++)
        title[x] = cell(0, x);
    title[W] = '\0';
    CHECK_STR_HAS(title, "not conclusive (machine busy)");
    model_free(&m);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    Offscreen screen;
    if (!(win = offscreen_open(&screen, H, W)))
        return 77;
    RUN(fit_uses_the_cap);
    RUN(no_fit_from_two_counts);
    RUN(curve_through_the_points);
    RUN(busy_machine_no_finding);
    offscreen_close(&screen);
    return check_exit();
}
