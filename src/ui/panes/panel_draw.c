/* Drawing the panel: its header (what runs, with which settings, and its
 * state), the panes the layout has room for (each pane draws itself, see
 * pane_class.h), and the footer (a prompt, a notice, a verdict or the
 * keys). */
#include "ui/panes/figures.h"
#include "ui/panes/panel_state.h"
#include "util/util.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

static void state_text(const Panel *p, char *buf, size_t n, double now)
{
    if (p->running && p->child_on_node && node_run_queued(&p->node))
        snprintf(buf, n, "queued %.1f s", now - p->t_start);
    else if (p->running)
        snprintf(buf, n, "running %.1f s", now - p->t_start);
    else if (p->spawn_failed)
        snprintf(buf, n, "could not start");
    else if (p->timed_out)
        snprintf(buf, n, "timed out");
    else if (p->stopped)
        snprintf(buf, n, "stopped");
    else if (p->ended && WIFEXITED(p->status) && WEXITSTATUS(p->status) == 0)
        snprintf(buf, n, "done in %.1f s", p->t_end - p->t_start);
    else if (p->ended)
        snprintf(buf, n, "%s after %.1f s", describe_status(p->status), p->t_end - p->t_start);
    else
        snprintf(buf, n, "press r to run");
}

/* "demo gil cpu, workers 1,2,4, switch 5 ms" into buf; with `brief`,
 * the worker counts as a range ("1-16"). */
static void header_text(const Panel *p, char *buf, size_t n, bool brief)
{
    const LessonDemo *d = p->step->demo;
    char where[64] = "";
    if (p->node.on) /* before the workers: it must not be cut off */
        node_run_describe(&p->node, where, sizeof where);
    int k = snprintf(buf, n, " demo %s%s%s, %s%sworkers ", d->name, d->variant ? " " : "",
                     d->variant ? d->variant : "", where, where[0] ? ", " : "");
    if ((p->nworkers == 0 || (brief && p->nworkers > 2)) && k > 0)
        k += snprintf(buf + k, n - (size_t)k, "%d-%d", p->nworkers ? p->workers[0] : 1, p->max_workers);
    else
        for (int i = 0; i < p->nworkers && k > 0 && (size_t)k < n - 8; i++)
            k += snprintf(buf + k, n - (size_t)k, "%s%d", i ? "," : "", p->workers[i]);
    if (demo_name_takes(d->name, DEMO_OPT_SWITCH_INTERVAL) && k > 0 && (size_t)k < n) {
        char ms[32];
        demo_format_ms(p->switch_ms, ms, sizeof ms);
        snprintf(buf + k, n - (size_t)k, ", switch %s", ms);
    }
    figures_ascii(buf, p->caps.ascii);
}

/* What runs, with which settings (fewer words when narrow, never a cut
 * number), and its state at the right. */
static void draw_header(Panel *p, WINDOW *win, const DrawCtx *dc, const Rect *r, double now)
{
    char left[256], right[96];
    state_text(p, right, sizeof right, now);
    int rl = pane_cols(right) + 2; /* a gap, the state, a space */
    if (rl + 10 > r->w)
        rl = 0;
    int room = r->w - rl;
    if (p->kind == KIND_DEMO) {
        header_text(p, left, sizeof left, false);
        if (pane_cols(left) > room)
            header_text(p, left, sizeof left, true);
        if (pane_cols(left) > room && strncmp(left, " demo ", 6) == 0)
            memmove(left, left + 5, strlen(left + 5) + 1); /* " gil cpu, ..." */
        pane_fit_clauses(left, room);
    } else if (p->traced) {
        char where[64] = "";
        if (p->node.on)
            node_run_describe(&p->node, where, sizeof where);
        snprintf(left, sizeof left, " run: %s, traced%s%s", p->step->run->command, where[0] ? ", " : "", where);
    } else {
        snprintf(left, sizeof left, " run: %s", p->step->run->command);
    }
    attr_t ra = A_BOLD;
    if (p->running)
        ra |= pane_pair(dc, PANE_PAIR_GOOD);
    else if (p->spawn_failed || p->timed_out || (p->ended && !p->stopped && p->status != 0))
        ra |= pane_pair(dc, PANE_PAIR_ERROR);
    pane_line(win, dc, r->y, r->x, room, left, A_BOLD);
    if (rl) {
        mvwaddch(win, r->y, r->x + r->w - rl, ' ');
        pane_line(win, dc, r->y, r->x + r->w - rl + 1, rl - 1, right, ra);
    }
}

/* A message about the run worth the footer: a failure, skipped lines;
 * not "done in" or "stopped", which the header says already. */
static bool message_worth_it(const Panel *p, const char *last)
{
    if (!last)
        return false;
    if (p->spawn_failed || p->model.n_garbage)
        return true;
    return p->ended && !p->stopped && (p->status != 0 || strncmp(last, "the demo", 8) == 0);
}

/* A line with a path in it (" wrote 2 results to /home/...") too wide for
 * width: the path's first folders give way to an ellipsis, so that the
 * file's name shows. */
static void elide_path(char *buf, size_t n, int width, bool ascii)
{
    char *path = strstr(buf, " /");
    const char *ell = ascii ? "..." : "…";
    if (!path)
        return;
    path++;
    char *rest = path;
    while (pane_cols(buf) > width) {
        char *slash = strchr(rest + 1, '/');
        if (!slash)
            return;
        char tail[640];
        snprintf(tail, sizeof tail, "%s%s", ell, slash);
        snprintf(path, n - (size_t)(path - buf), "%s", tail);
        rest = path + strlen(ell);
    }
}

static void draw_footer(Panel *p, WINDOW *win, const DrawCtx *dc, const Rect *r)
{
    char buf[640];
    attr_t a = A_NORMAL;
    const char *last = model_msg(&p->model, 0);
    if (p->prompting) {
        snprintf(buf, sizeof buf, " export CSV to: %s_", p->prompt);
        a = A_REVERSE;
    } else if (p->notice[0]) {
        snprintf(buf, sizeof buf, " %s", p->notice);
        elide_path(buf, sizeof buf, r->w, p->caps.ascii);
        a = p->notice_bad ? pane_pair(dc, PANE_PAIR_ERROR) | A_BOLD : A_BOLD;
    } else if (p->node_failed) { /* srun's error fills the panes above */
        snprintf(buf, sizeof buf, " r tries again  n runs demos here");
        a = A_DIM;
    } else if (p->kind == KIND_RUN && p->ended && !p->spawn_failed) {
        bool good;
        panel_run_verdict(p, buf, sizeof buf, &good);
        a = A_BOLD | (p->stopped ? 0 : pane_pair(dc, good ? PANE_PAIR_GOOD : PANE_PAIR_ERROR));
    } else if (p->model.saw_error) { /* the demo's own words first, not its stderr */
        snprintf(buf, sizeof buf, " %s", p->model.last_error);
        a = A_BOLD | pane_pair(dc, PANE_PAIR_ERROR);
    } else if (p->running && p->child_on_node && node_run_queued(&p->node)) {
        snprintf(buf, sizeof buf, " %s (s cancels)", node_run_queued(&p->node));
        a = A_BOLD;
    } else if (message_worth_it(p, last)) {
        snprintf(buf, sizeof buf, " %s", last);
        bool bad = p->spawn_failed || strncmp(last, "the demo", 8) == 0 ||
                   (p->ended && !p->stopped && p->status != 0);
        a = bad ? A_BOLD | pane_pair(dc, PANE_PAIR_ERROR) : A_NORMAL;
    } else if (p->running && p->child_on_node && p->model.n_samples == 0) {
        /* srun may wait in the queue for a while before the node answers. */
        snprintf(buf, sizeof buf, " waiting for srun and the node (the job may be queued; s cancels)");
        a = A_BOLD;
    } else {
        panel_key_hints(p, buf, sizeof buf, r->w);
        a = A_DIM;
    }
    pane_line(win, dc, r->y, r->x, r->w, buf, a);
}

/* What the panes are told of the panel's state now. */
static void set_scene(Panel *p)
{
    PaneScene *s = &p->panes.scene;
    s->running = p->running;
    s->ran = p->running || p->ended || p->spawn_failed;
    s->on_node = p->child_on_node;
    s->max_workers = p->max_workers;
    s->workers = p->workers;
    s->nworkers = p->nworkers;
    const LineReader *out = p->traced ? &p->err_lr : &p->lr; /* the program's output */
    s->pending = p->running && !out->skipping ? out->buf : NULL;
    s->pending_len = out->len;
}

void panel_draw(Panel *p, WINDOW *win, int y, int x, int h, int w)
{
    double now = now_monotonic();
    panel_service(p, now);
    p->dirty = p->urgent = false;
    p->last_draw = now;
    if (!p->step || h <= 0 || w <= 0)
        return;
    if (!p->colors_done) {
        if (p->caps.color && has_colors())
            pane_init_colors();
        p->colors_done = true;
    }
    DrawCtx dc = {p->caps, p->caps.color && has_colors(), false};
    set_scene(p);
    Rect all = {y, x, h, w};
    PaneLayout l;
    if (!layout_panel(&l, all, &p->panes, &p->model)) {
        pane_blank(win, &all);
        pane_text(win, &dc, y, x, w, "enlarge the terminal for the live panes", A_BOLD);
        return;
    }
    draw_header(p, win, &dc, &l.header, now);
    if (p->node_failed) {
        Rect body = {l.header.y + 1, x, l.footer.y - l.header.y - 1, w};
        node_run_draw_failure(win, &dc, &body, p->node_err, p->model.n_records > 0);
    } else {
        panes_draw(&p->panes, win, &l, &p->model, &dc);
    }
    draw_footer(p, win, &dc, &l.footer);
}

const char *panel_status(const Panel *p)
{
    if (p->running && p->child_on_node && node_run_queued(&p->node))
        return node_run_queued(&p->node); /* not "running": srun waits */
    return p->running ? p->status_line : "";
}
