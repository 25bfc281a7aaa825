/* The renderers, drawn into a window of an ncurses screen that writes to
 * /dev/null, then read back cell by cell: what a user would see. */
#include "check.h"
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
    feed(m, "{\"type\":\"span\",\"t\":0.1,\"dur\":0.004,\"thread\":2,\"state\":\"io\",\"cpu\":1}");
    feed(m, "{\"type\":\"span\",\"t\":0.095,\"dur\":0.005,\"thread\":2,\"state\":\"nogil\",\"cpu\":1}");
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
    PaneRect r = {0, 0, 4, 60};
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
    PaneRect r = {0, 0, 9, 120};
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
    PaneRect r = {0, 0, 16, 90};
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
    CHECK_STR_HAS(t, "   W   wall s speedup   eff");
    CHECK_STR_HAS(t, "   4    1.200    3.33   83%");
    CHECK_STR_HAS(t, "   2    2.100    1.90   95%");
    free(t);

    /* narrow: the table alone, with the demo's own field */
    PaneRect n = {0, 0, 5, 60};
    werase(win);
    chart_draw(win, &n, &m, &dc, 4, true);
    t = screen_text(win);
    CHECK_STR_HAS(t, "   1    4.000    1.00  100%  op_latency_ms=4.9");
    free(t);

    /* before any result */
    Model empty;
    model_init(&empty);
    werase(win);
    chart_draw(win, &r, &empty, &dc, 4, false);
    t = screen_text(win);
    CHECK_STR_HAS(t, "waiting for results");
    CHECK_STR_HAS(t, "after the sweep");
    free(t);
    model_free(&m);
}

static void timeline_handoffs_visible(void)
{
    Model m;
    gil_model(&m);
    PaneRect r = {0, 0, 7, 84};
    TimelineView v = {0.001, false, 0};
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
    TimelineView z = {0.01, true, 0.05};
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
    PaneRect a = {0, 0, 5, 60}, b = {5, 0, 14, 100}, c = {20, 0, 7, 100};
    TimelineView v = {0.001, false, 0};
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
    PaneRect r = {0, 0, 6, 40};
    DrawCtx dc = ctx(true, false);
    werase(win);
    output_draw(win, &r, &m, &dc, "output", NULL, 0);
    CHECK_STR_HAS(row(win, 0, 0, 40), "30 lines");
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

static bool inside(const PaneRect *r, int y, int x, int h, int w)
{
    return r->h > 0 && r->w > 0 && r->y >= y && r->x >= x && r->y + r->h <= y + h && r->x + r->w <= x + w;
}

static bool overlap(const PaneRect *a, const PaneRect *b)
{
    return a->y < b->y + b->h && b->y < a->y + a->h && a->x < b->x + b->w && b->x < a->x + a->w;
}

static void layout_fits_every_size(void)
{
    int bad = 0;
    for (int demo = 0; demo < 2; demo++)
        for (int h = 1; h <= 60; h++)
            for (int w = 1; w <= 200; w += 3) {
                Layout l;
                bool ok = layout_panel(&l, 2, 3, h, w, demo, 8, 4, PANE_CHART);
                if (!ok) {
                    bad += h >= 6 && w >= 20;
                    continue;
                }
                PaneRect all[PANE_COUNT + 2];
                int n = 0;
                all[n++] = l.header;
                all[n++] = l.footer;
                for (int i = 0; i < PANE_COUNT; i++)
                    if (l.shown[i])
                        all[n++] = l.pane[i];
                bad += n < 3;
                for (int i = 0; i < n; i++) {
                    bad += !inside(&all[i], 2, 3, h, w);
                    for (int j = i + 1; j < n; j++)
                        bad += overlap(&all[i], &all[j]);
                }
                /* every cell of the body is some pane's */
                int area = 0;
                for (int i = 0; i < n; i++)
                    area += all[i].h * all[i].w;
                bad += area != h * w;
            }
    CHECK(bad == 0);
    /* 80x24 terminal, a panel of 80x12: everything side by side */
    Layout l;
    CHECK(layout_panel(&l, 0, 0, 22, 80, true, 2, 2, PANE_METERS));
    CHECK(l.shown[PANE_METERS] && l.shown[PANE_CHART] && l.shown[PANE_TIMELINE]);
    /* tiny: the focused pane alone */
    CHECK(layout_panel(&l, 0, 0, 8, 30, true, 2, 2, PANE_TIMELINE));
    CHECK(l.shown[PANE_TIMELINE] && !l.shown[PANE_METERS] && !l.shown[PANE_CHART]);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
    SCREEN *scr = newterm("xterm-256color", out, in);
    if (!scr) {
        fprintf(stderr, "no xterm-256color terminfo\n");
        return 77;
    }
    set_term(scr);
    start_color();
    use_default_colors();
    pane_init_colors();
    win = newwin(H, W, 0, 0);
    RUN(meters_ascii_and_utf8);
    RUN(meters_many_cpus_in_columns);
    RUN(chart_points_ideal_amdahl);
    RUN(timeline_handoffs_visible);
    RUN(monochrome_has_no_colour);
    RUN(output_pane);
    RUN(layout_fits_every_size);
    delwin(win);
    endwin();
    delscreen(scr);
    fclose(out);
    fclose(in);
    return check_failures ? 1 : 0;
}
