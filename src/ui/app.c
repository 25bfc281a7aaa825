/* ui/app: the walker's one event loop. poll() on the terminal, the signal
 * self-pipe, the panel's descriptors and a mode's or screen's; a timer for
 * the clock and the panel. Nothing is drawn unless something changed, and
 * then only the regions that did (ncurses sends only the changed cells). */
#include "ui/ui_internal.h"
#include "ui/practice_ui.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/term_safe.h"

enum { MAX_POLLFDS = 64 };

AppConfig app_config_default(void)
{
    AppConfig c;
    memset(&c, 0, sizeof c);
    c.save_progress = true;
    return c;
}

/* ---- accessors for hooks ---- */
const LessonSet *app_lessons(const App *app) { return &app->lessons; }
const UiCaps *app_caps(const App *app) { return &app->caps; }
size_t app_lesson_index(const App *app) { return app->lesson; }
size_t app_step_index(const App *app) { return app->step; }
bool app_run_passed(const App *app) { return panel_run_passed(app->panel) || exercise_passed(app); }

void app_quiz_score(const App *app, int *right, int *answered)
{
    LessonTally t;
    progress_tally(&app->progress, app->lessons.lessons[app->lesson], &t);
    *right = t.right; /* first answers: a later try does not raise the score */
    *answered = t.answered;
}
const Progress *app_progress(const App *app) { return &app->progress; }

bool app_measure(const App *app, double *value)
{
    const LessonStep *s = app_cur_step(app);
    int workers;
    return s && s->predict && s->predict->measure && !s->exercise &&
           panel_measure(app->panel, s->predict->measure, value, &workers);
}
const Lesson *app_cur_lesson(const App *app) { return app->lessons.lessons[app->lesson]; }

const LessonStep *app_cur_step(const App *app)
{
    const Lesson *l = app_cur_lesson(app);
    return l->n_steps ? &l->steps[app->step] : NULL;
}

void app_message(App *app, double seconds, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(app->message, sizeof app->message, fmt, ap);
    va_end(ap);
    app->message_until = now_monotonic() + seconds;
    app->dirty |= DIRTY_STATUS;
}

void app_redraw_status(App *app) { app->dirty |= DIRTY_STATUS; }
void app_redraw_side(App *app) { app->dirty |= DIRTY_SIDE; }
void app_redraw_all(App *app) { app->dirty |= DIRTY_ALL; }

void app_quit(App *app, int status)
{
    app->quit = true;
    app->exit_status = status;
}

/* Written once per round of the loop in which anything changed: every
 * step change and answer is on disk before the next poll, yet holding an
 * arrow key (many keys in one read) costs one write, not one per step. */
static void save_progress_if_changed(App *app)
{
    if (!app->progress_changed)
        return;
    app->progress_changed = false;
    if (progress_save(&app->progress) < 0)
        app_message(app, 5, "could not save progress: %s", strerror(errno));
}

/* ---- moving around ---- */

bool app_goto(App *app, size_t lesson, size_t step)
{
    if (lesson >= app->lessons.n)
        return false;
    const Lesson *l = app->lessons.lessons[lesson];
    if (step >= l->n_steps)
        step = l->n_steps ? l->n_steps - 1 : 0;
    app->lesson = lesson;
    app->step = step;
    app->scroll = 0;
    app->scroll_to_end = false;
    free(app->scroll_to_text);
    app->scroll_to_text = NULL;
    app->doc_valid = false;
    app_close_screens(app);
    const LessonStep *s = l->n_steps ? &l->steps[step] : NULL;
    panel_set_step(app->panel, l, s && !s->exercise ? s : NULL); /* an exercise has its own pane */
    exercise_set_step(app);
    predict_set_step(app);
    /* Seen once it is drawn (step_view_draw), not when passed over. */
    progress_set_position(&app->progress, l->id, (int)step + 1);
    app->progress_changed = true;
    app->dirty |= DIRTY_ALL;
    if (app->cfg.mode && app->cfg.mode->on_step_changed)
        app->cfg.mode->on_step_changed(app->cfg.mode_ctx, app, l, step);
    return true;
}

bool app_goto_id(App *app, const char *id, size_t step)
{
    int i = lesson_set_index(&app->lessons, id);
    return i >= 0 && app_goto(app, (size_t)i, step);
}

/* The saved step of a lesson, 0-based (0 when none). */
static size_t saved_step(App *app, size_t lesson)
{
    const Lesson *l = app->lessons.lessons[lesson];
    LessonProgress *lp = progress_get(&app->progress, l->id, false);
    return lp && lp->step > 0 ? (size_t)lp->step - 1 : 0;
}

void app_open_lesson(App *app, size_t lesson) { app_goto(app, lesson, saved_step(app, lesson)); }

/* ---- drawing ---- */

/* One line, centred; wrapped when the terminal is narrower than it. */
static void draw_too_small(App *app)
{
    werase(stdscr);
    char line[96];
    snprintf(line, sizeof line, "enlarge the terminal to at least %dx%d (now %dx%d)", UI_MIN_COLS,
             UI_MIN_ROWS, app->layout.cols, app->layout.rows);
    int cols = app->layout.cols, rows = app->layout.rows;
    Doc d;
    doc_init(&d);
    render_markup(&d, line, cols < 8 ? 8 : cols, true, ROLE_BOLD);
    int y = (rows - (int)d.n) / 2;
    for (size_t i = 0; i < d.n && y + (int)i < rows; i++) {
        int w = text_width(d.lines[i].text, d.lines[i].len);
        int x = w < cols ? (cols - w) / 2 : 0;
        if (y + (int)i >= 0)
            draw_text(stdscr, y + (int)i, x, cols - x, d.lines[i].text, A_BOLD);
    }
    doc_free(&d);
}

static void draw_screen(App *app)
{
    Rect r = {0, 0, app->layout.rows - 1, app->layout.cols};
    draw_fill(stdscr, r, A_NORMAL);
    void *ctx;
    const UiScreen *s = app_top_screen(app, &ctx);
    if (s->draw)
        s->draw(ctx, app, stdscr, r.y, r.x, r.h, r.w);
}

static int side_width(App *app, int cols)
{
    const UiModeHooks *m = app->cfg.mode;
    return m && m->side_width ? m->side_width(app->cfg.mode_ctx, cols) : 0;
}

static void render(App *app)
{
    if (app->dirty & DIRTY_LAYOUT) {
        int rows, cols;
        getmaxyx(stdscr, rows, cols);
        layout_compute(&app->layout, rows, cols, panel_has_content(app->panel) || exercise_active(app),
                       side_width(app, cols));
        if (panel_zoomed(app->panel))
            layout_zoom_panel(&app->layout);
        werase(stdscr);
        app->doc_valid = false;
        app->dirty = DIRTY_ALL;
    }
    const Layout *L = &app->layout;
    if (L->too_small) {
        draw_too_small(app);
    } else if (app->n_screens > 0) {
        if (app->dirty & (DIRTY_SCREEN | DIRTY_TEXT | DIRTY_LAYOUT))
            draw_screen(app);
    } else {
        if ((app->dirty & DIRTY_TEXT) && L->text.h > 0)
            step_view_draw(app);
        if ((app->dirty & DIRTY_LAYOUT) && L->has_panel) {
            if (L->panel_right)
                draw_vline(stdscr, &app->caps, L->sep.y, L->sep.x, L->sep.h);
            else
                draw_hline(stdscr, &app->caps, L->sep.y, L->sep.x, L->sep.w);
        }
        if ((app->dirty & DIRTY_PANEL) && L->has_panel && exercise_active(app)) {
            exercise_draw(app, stdscr, L->panel.y, L->panel.x, L->panel.h, L->panel.w);
        } else if ((app->dirty & DIRTY_PANEL) && L->has_panel) {
            draw_fill(stdscr, L->panel, A_NORMAL);
            panel_draw(app->panel, stdscr, L->panel.y, L->panel.x, L->panel.h, L->panel.w);
            app->last_panel_draw = now_monotonic();
        }
        if ((app->dirty & (DIRTY_SIDE | DIRTY_LAYOUT)) && L->side.w > 0) {
            draw_vline(stdscr, &app->caps, L->side_sep.y, L->side_sep.x, L->side_sep.h);
            draw_fill(stdscr, L->side, A_NORMAL);
            if (app->cfg.mode->side_draw)
                app->cfg.mode->side_draw(app->cfg.mode_ctx, app, stdscr, L->side.y, L->side.x,
                                         L->side.h, L->side.w);
        }
    }
    if (!L->too_small && (app->dirty & DIRTY_STATUS)) {
        statusbar_draw(app);
        if (app->search.prompting)
            search_prompt_draw(app, stdscr, L->status);
    }
    app->dirty = 0;
    /* The cursor shows only while a search is typed, at its end. */
    bool cursor = app->search.prompting && !L->too_small;
    if (cursor)
        wmove(stdscr, L->status.y, search_prompt_cursor(app));
    if (cursor != app->cursor_on) {
        curs_set(cursor ? 1 : 0);
        app->cursor_on = cursor;
    }
    wnoutrefresh(stdscr);
    doupdate();
}

/* ---- the loop ---- */

/* The panel is on screen: it has content, the layout gave it room (not to
 * an exercise) and no screen hides it. Only then does its dirtiness call
 * for a redraw. */
static bool panel_visible(const App *app)
{
    return app->layout.has_panel && !exercise_active(app) && !app->layout.too_small && app->n_screens == 0;
}

static double min_timeout(double a, double b) { return b >= 0 && (a < 0 || b < a) ? b : a; }

/* Seconds until something is due (never more than a minute). */
static double next_timeout(App *app, double now, double wall)
{
    /* The clock changes at the next full minute of wall time. */
    double t = 60.0 - fmod(wall, 60.0) + 0.01;
    if (app->message_until > 0)
        t = min_timeout(t, app->message_until - now);
    if (panel_visible(app)) {
        double pt = app->panel_due - now;
        if (panel_dirty(app->panel)) /* at most 10 Hz */
            pt = app->last_panel_draw + 0.1 - now;
        t = min_timeout(t, pt < 0 ? 0 : pt);
    } else if (panel_running(app->panel)) {
        t = min_timeout(t, 0.5); /* its status segment still changes */
    }
    t = min_timeout(t, app->reap_in); /* a stopped child to reap or kill */
    if (app->mode_due > 0) /* already due (rendering took a while): now, not never */
        t = min_timeout(t, app->mode_due > now ? app->mode_due - now : 0);
    t = min_timeout(t, screens_wake_in(app, now));
    t = min_timeout(t, exercise_wake_in(app, now));
    return t < 0 ? 0 : t;
}

static void after_poll(App *app, double now, double wall)
{
    if (app->message_until > 0 && now >= app->message_until) {
        app->message_until = 0;
        app->message[0] = '\0';
        app->dirty |= DIRTY_STATUS;
    }
    if (statusbar_clock_changed(app, wall))
        app->dirty |= DIRTY_STATUS;
    app->reap_in = panel_reap(app->panel, now);
    bool running = panel_running(app->panel);
    if (now >= app->panel_due ||
        (panel_visible(app) && panel_dirty(app->panel) && now >= app->last_panel_draw + 0.1)) {
        app->dirty |= DIRTY_STATUS | (panel_visible(app) ? DIRTY_PANEL : 0);
        double t = panel_timeout(app->panel, now);
        double floor = running ? 0.1 : 0.5; /* 10 Hz running, 2 Hz idle */
        app->panel_due = now + (t < floor ? floor : t);
    }
    const UiModeHooks *m = app->cfg.mode;
    if (m && app->mode_due > 0 && now >= app->mode_due && m->on_tick)
        m->on_tick(app->cfg.mode_ctx, app, now);
    if (m && m->wake_in) {
        double t = m->wake_in(app->cfg.mode_ctx, now);
        app->mode_due = t >= 0 ? now + t : 0;
    }
    screens_tick(app, now);
    exercise_service(app, now);
    predict_service(app);
}

static void read_keys(App *app)
{
    for (int i = 0; i < 256 && !app->quit && !editor_running(app); i++) {
        int key = wgetch(stdscr);
        if (key == ERR)
            break;
        app_handle_key(app, key);
    }
}

static void loop(App *app)
{
    struct pollfd fds[MAX_POLLFDS];
    while (!app->quit) {
        /* While the learner's editor has the terminal, no keys are read
         * and nothing is drawn; the rest goes on. */
        bool editing = editor_running(app);
        save_progress_if_changed(app); /* a failure is said in the status bar */
        if (app->dirty && !editing)
            render(app);
        save_progress_if_changed(app); /* a step drawn is a step seen */
        int n = 0;
        fds[n++] = (struct pollfd){.fd = editing ? -1 : STDIN_FILENO, .events = POLLIN};
        fds[n++] = (struct pollfd){.fd = app->sig_fd, .events = POLLIN};
        int panel_at = n;
        int np = panel_pollfds(app->panel, fds + n, 16);
        n += np;
        int mode_at = n, nm = 0;
        const UiModeHooks *m = app->cfg.mode;
        if (m && m->pollfds)
            nm = m->pollfds(app->cfg.mode_ctx, fds + n, 16);
        n += nm;
        int screen_at = n;
        ScreensPolled polled;
        int ns = screens_pollfds(app, fds + n, 16, &polled);
        n += ns;
        n += exercise_pollfds(app, fds + n, 4); /* read in after_poll, whatever is ready */
        double timeout = next_timeout(app, now_monotonic(), now_wall());
        int rc = poll(fds, (nfds_t)n, (int)ceil(timeout * 1000.0));
        if (rc < 0 && errno != EINTR)
            break;
        bool winch = false;
        int sig = term_signals_read(app->sig_fd, &winch);
        if (sig == SIGINT && editing) /* Ctrl-C typed in the editor */
            sig = 0;
        if (sig) {
            app_quit(app, 128 + sig);
            if (sig == SIGHUP)
                term_hangup();
            break;
        }
        if (winch && !editing) { /* else when the editor is done */
            term_resize();
            app->dirty |= DIRTY_LAYOUT;
        }
        /* The terminal went away. POLLIN may come with POLLHUP while read()
         * returns 0 for ever: that too is a hang-up, not keys (a session
         * under runuser or su never gets the SIGHUP). */
        if (rc > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))) {
            app_quit(app, 129);
            term_hangup();
            break;
        }
        if (rc > 0 && (fds[0].revents & POLLIN))
            read_keys(app);
        if (rc > 0 && np > 0) {
            panel_on_poll(app->panel, fds + panel_at, np);
            if (panel_dirty(app->panel))
                app->dirty |= DIRTY_STATUS;
        }
        if (rc > 0 && nm > 0 && m->on_poll)
            m->on_poll(app->cfg.mode_ctx, app, fds + mode_at, nm);
        if (rc > 0 && ns > 0)
            screens_on_poll(app, fds + screen_at, &polled);
        after_poll(app, now_monotonic(), now_wall());
    }
}

/* ---- start and end ---- */

/* A folder named by a flag or $CORELAB_LESSONS, printed safely. */
static void print_safe_dir(const char *what, const char *dir)
{
    char *safe = term_safe(dir);
    fprintf(stderr, "%s %s\n", what, safe);
    free(safe);
}

static int load_lessons(App *app)
{
    const char *dir = lesson_default_dir(app->cfg.lessons_dir);
    DiagList diags;
    diag_list_init(&diags);
    int rc = lesson_set_load_dir(dir, &app->lessons, &diags);
    if (rc < 0 || diags.n > 0) {
        size_t n = diags.n;
        diag_list_print(&diags, stderr);
        diag_list_free(&diags);
        if (n == 0)
            print_safe_dir("corelab: could not load the lessons in", dir);
        return 1;
    }
    diag_list_free(&diags);
    size_t with_steps = 0;
    for (size_t i = 0; i < app->lessons.n; i++)
        with_steps += app->lessons.lessons[i]->n_steps > 0;
    if (app->lessons.n == 0 || with_steps != app->lessons.n) {
        print_safe_dir("corelab: no lessons in", dir);
        return 1;
    }
    return 0;
}

/* Where to start: --open, else the saved place, else the first step. */
static int start_place(App *app, size_t *lesson, size_t *step)
{
    *lesson = 0;
    *step = 0;
    if (app->cfg.open_spec) {
        char *id;
        int s;
        if (ui_parse_open(app->cfg.open_spec, &id, &s) < 0) {
            fprintf(stderr, "corelab: --open wants LESSON or LESSON:STEP, not '%s'\n", app->cfg.open_spec);
            return 2;
        }
        int li = lesson_set_index(&app->lessons, id);
        if (li < 0) {
            fprintf(stderr, "corelab: --open %s: there is no lesson '%s' (corelab list shows them)\n",
                    app->cfg.open_spec, id);
            free(id);
            return 2;
        }
        const Lesson *l = app->lessons.lessons[li];
        if (s > 0 && (size_t)s > l->n_steps) {
            fprintf(stderr, "corelab: --open %s: lesson '%s' has %zu steps\n", app->cfg.open_spec, id,
                    l->n_steps);
            free(id);
            return 2;
        }
        free(id);
        *lesson = (size_t)li;
        *step = s > 0 ? (size_t)s - 1 : 0;
        return 0;
    }
    if (app->progress.last_id) {
        int li = lesson_set_index(&app->lessons, app->progress.last_id);
        if (li >= 0) {
            *lesson = (size_t)li;
            *step = saved_step(app, (size_t)li);
        }
    }
    return 0;
}

static void app_free(App *app)
{
    if (app->panel)
        panel_free(app->panel);
    practice_ui_free(app);
    doc_free(&app->doc);
    search_free(&app->search);
    index_view_free(&app->index);
    free(app->scroll_to_text);
    progress_free(&app->progress);
    lesson_set_free(&app->lessons);
    free(app);
}

int app_run(const AppConfig *cfg)
{
    setlocale(LC_ALL, "");
    App *app = xcalloc(1, sizeof *app);
    app->cfg = *cfg;
    app->sig_fd = -1;
    doc_init(&app->doc);
    strbuf_init(&app->search.query);
    int rc = load_lessons(app);
    const char *note = NULL;
    if (rc == 0) {
        char *path = NULL;
        if (cfg->save_progress) {
            char *dir = xdg_state_dir();
            path = path_join(dir, "progress.json");
            free(dir);
        }
        progress_load(&app->progress, path, &note);
        free(path);
    }
    size_t lesson = 0, step = 0;
    if (rc == 0)
        rc = start_place(app, &lesson, &step);
    if (rc == 0) {
        const char *err = term_open(&app->caps, cfg->ascii, cfg->no_color);
        if (err) {
            fprintf(stderr, "corelab: %s\n", err);
            rc = 1;
        }
    }
    if (rc != 0) {
        app_free(app);
        return rc;
    }
    app->term_open = true;
    app->sig_fd = term_signals_install();
    if (app->sig_fd < 0) {
        term_close();
        fprintf(stderr, "corelab: cannot set up signal handling: %s\n", strerror(errno));
        app_free(app);
        return 1;
    }
    app->panel = panel_new(&app->caps, cfg->self_exe ? cfg->self_exe : "/proc/self/exe");
    practice_ui_new(app);
    app->reap_in = -1;
    bool resumed = !cfg->open_spec && app->progress.last_id &&
                   lesson_set_index(&app->lessons, app->progress.last_id) >= 0;
    app_goto(app, lesson, step);
    if (note)
        app_message(app, 8, "%s", note);
    else if (resumed)
        app_message(app, 5, "welcome back: this is where you left off (g: index, ?: keys)");
    else if (!cfg->open_spec)
        app_message(app, 8, "? lists the keys, q quits");
    statusbar_clock_changed(app, now_wall());
    if (cfg->mode && cfg->mode->wake_in) {
        double t = cfg->mode->wake_in(cfg->mode_ctx, now_monotonic());
        app->mode_due = t >= 0 ? now_monotonic() + t : 0;
    }
    app->dirty = DIRTY_ALL;
    loop(app);
    /* Every way out of the loop (q, Ctrl-C, a signal, a lost terminal). */
    if (cfg->mode && cfg->mode->on_exit)
        cfg->mode->on_exit(cfg->mode_ctx, app);
    editor_wait(app); /* an editor still open holds the learner's unsaved work */
    int unsaved = progress_save(&app->progress) < 0 ? errno : 0;
    panel_free(app->panel);
    app->panel = NULL;
    practice_ui_free(app); /* stops a check still running */
    term_signals_remove();
    term_close();
    if (unsaved) /* now that the terminal is restored, where it stays readable */
        progress_report_unsaved(&app->progress, unsaved);
    int status = app->exit_status;
    app_free(app);
    return status;
}
