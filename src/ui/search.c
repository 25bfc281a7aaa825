/* ui/search: `/`, a query typed in the status bar, then every step of
 * every lesson whose title, text, code or quiz question contains it
 * (ignoring case); a quiz's choices and explanation are not searched, so
 * that a search never gives an answer away. Enter opens a match's step
 * with the query marked on it; Ctrl-N and Ctrl-P open the next and the
 * previous match from the lesson. */
#include "ui/ui_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *find_nocase(const char *hay, const char *needle)
{
    if (!hay || !*needle)
        return NULL;
    size_t n = strlen(needle);
    for (const char *h = hay; *h; h++)
        if (strncasecmp(h, needle, n) == 0)
            return h;
    return NULL;
}

/* ~60 characters around the match, on one line. */
static char *snippet(const char *field, const char *at, size_t qlen)
{
    const char *start = at;
    for (int i = 0; i < 24 && start > field; i++)
        start--;
    while (start > field && ((unsigned char)*start & 0xC0) == 0x80)
        start--; /* not inside a UTF-8 sequence */
    size_t len = (size_t)(at - start) + qlen + 36;
    size_t avail = strlen(start);
    if (len > avail)
        len = avail;
    while (len < avail && ((unsigned char)start[len] & 0xC0) == 0x80)
        len++;
    char *s = xstrndup(start, len);
    for (char *c = s; *c; c++)
        if (*c == '\n' || *c == '\t')
            *c = ' ';
    char *out = xasprintf("%s%s%s", start > field ? "..." : "", s, len < avail ? "..." : "");
    free(s);
    return out;
}

static const char *match_list(const StrList *l, const char *q, const char **field)
{
    for (size_t i = 0; i < l->n; i++) {
        const char *m = find_nocase(l->items[i], q);
        if (m) {
            *field = l->items[i];
            return m;
        }
    }
    return NULL;
}

/* The first field of a step that contains q; *field is that field. */
static const char *match_step(const Lesson *l, size_t k, const char *q, const char **field)
{
    const LessonStep *s = &l->steps[k];
    const char *cands[] = {
        s->title, s->text, s->code ? s->code->source : NULL, s->quiz ? s->quiz->question : NULL,
        s->quiz ? s->quiz->hint : NULL, s->run ? s->run->command : NULL, s->demo ? s->demo->name : NULL,
        k == 0 ? l->title : NULL, k == 0 ? l->id : NULL,
    };
    for (size_t i = 0; i < sizeof cands / sizeof cands[0]; i++) {
        const char *m = find_nocase(cands[i], q);
        if (m) {
            *field = cands[i];
            return m;
        }
    }
    const char *m = NULL;
    if (k == 0)
        m = match_list(&l->questions, q, field);
    if (!m && k == 0)
        m = match_list(&l->objectives, q, field);
    if (!m && k + 1 == l->n_steps)
        m = match_list(&l->keypoints, q, field);
    return m;
}

void search_free(Search *s)
{
    for (size_t i = 0; i < s->n_hits; i++)
        free(s->hits[i].snippet);
    free(s->hits);
    s->hits = NULL;
    s->n_hits = s->cap_hits = 0;
    s->sel = s->top = 0;
    strbuf_free(&s->query);
}

void search_run(const LessonSet *set, const char *query, Search *s)
{
    for (size_t i = 0; i < s->n_hits; i++)
        free(s->hits[i].snippet);
    s->n_hits = 0;
    s->sel = s->top = 0;
    s->opened = false;
    for (size_t li = 0; li < set->n; li++) {
        const Lesson *l = set->lessons[li];
        for (size_t k = 0; k < l->n_steps; k++) {
            const char *field;
            const char *m = match_step(l, k, query, &field);
            if (!m)
                continue;
            if (s->n_hits == s->cap_hits) {
                s->cap_hits = s->cap_hits ? s->cap_hits * 2 : 16;
                s->hits = xrealloc(s->hits, s->cap_hits * sizeof *s->hits);
            }
            s->hits[s->n_hits++] = (SearchHit){li, k, snippet(field, m, strlen(query)), field == l->steps[k].title};
        }
    }
}

void search_begin(App *app)
{
    app->search.prompting = true;
    strbuf_reset(&app->search.query);
    app->dirty |= DIRTY_STATUS;
}

/* ---- the query, typed in the status bar (ctx: App) ---- */

static bool prompt_cancel(void *ctx, int key)
{
    (void)key;
    ((App *)ctx)->search.prompting = false;
    return true;
}

static bool prompt_search(void *ctx, int key)
{
    (void)key;
    App *app = ctx;
    Search *s = &app->search;
    s->prompting = false;
    if (s->query.len == 0)
        return true;
    search_run(&app->lessons, s->query.data, s);
    app_open_screen(app, &search_screen, app);
    return true;
}

static bool prompt_erase(void *ctx, int key)
{
    (void)key;
    Search *s = &((App *)ctx)->search;
    while (s->query.len > 0) { /* a whole UTF-8 character */
        unsigned char c = (unsigned char)s->query.data[--s->query.len];
        if ((c & 0xC0) != 0x80)
            break;
    }
    if (s->query.data)
        s->query.data[s->query.len] = '\0';
    return true;
}

static bool prompt_type(void *ctx, int key)
{
    Search *s = &((App *)ctx)->search;
    if (s->query.len < 200)
        strbuf_addc(&s->query, (char)key);
    return true;
}

static const KeyBinding prompt_keys[] = {
    {.keys = {'\n', '\r', KEY_ENTER}, .names = "Enter", .hint = "searches",
     .what = "search every lesson for the query", .run = prompt_search},
    {.keys = {27}, .names = "Esc", .hint = "cancels", .what = "cancel the search", .run = prompt_cancel},
    {.keys = {KEY_BACKSPACE, 127, 8}, .names = "Backspace", .what = "delete a character",
     .run = prompt_erase},
    {.range_lo = 32, .range_hi = 255, .names = "text", .what = "the query (case does not matter)",
     .run = prompt_type},
    {.names = NULL},
};

void search_prompt_key(App *app, int key)
{
    keys_dispatch(prompt_keys, app, key); /* the prompt takes every key */
    app->dirty |= DIRTY_STATUS;
}

void search_prompt_draw(App *app, WINDOW *win, Rect r)
{
    attr_t attr = style_attr(&app->caps, ROLE_STATUS);
    draw_fill(win, r, attr);
    char *q = text_display(app->search.query.data ? app->search.query.data : "", app->caps.ascii);
    char *line = xasprintf("search: %s", q);
    int used = draw_text(win, r.y, r.x + 1, r.w - 30, line, attr | A_BOLD);
    char keys[128] = "(";
    keys_hints(prompt_keys, ", ", keys, sizeof keys - 1);
    strcat(keys, ")");
    draw_text(win, r.y, r.x + 1 + used + 1, r.w - used - 2, keys, attr);
    free(line);
    free(q);
}

int search_prompt_cursor(const App *app)
{
    const char *q = app->search.query.data ? app->search.query.data : "";
    char *disp = text_display(q, app->caps.ascii);
    int col = 1 + 8 + text_width(disp, strlen(disp)); /* " search: " */
    free(disp);
    int max = app->layout.status.w - 31;
    return col < max ? col : max;
}

/* ---- the results (ctx: UiKeyCtx) ---- */

static bool key_move(void *ctx, int key)
{
    Search *s = &((UiKeyCtx *)ctx)->app->search;
    if (key == KEY_UP && s->sel > 0)
        s->sel--;
    else if (key == KEY_DOWN && s->sel + 1 < s->n_hits)
        s->sel++;
    return true;
}

/* Opens match k's step, scrolled to the query, and says which it is. */
static void open_match(App *app, size_t k, const char *wrapped)
{
    Search *s = &app->search;
    s->opened = true;
    s->at = s->sel = k;
    app_goto(app, s->hits[k].lesson, s->hits[k].step);
    free(app->scroll_to_text); /* show the match, not just the step's top */
    app->scroll_to_text = xstrdup(s->query.data ? s->query.data : "");
    app_message(app, 6, "%smatch %zu of %zu (Ctrl-N/P)", wrapped, k + 1, s->n_hits);
}

static bool key_open(void *ctx, int key)
{
    (void)key;
    App *app = ((UiKeyCtx *)ctx)->app;
    if (!app->search.n_hits)
        app_close_screen(app);
    else
        open_match(app, app->search.sel, "");
    return true;
}

void search_step(App *app, int dir)
{
    Search *s = &app->search;
    if (!s->opened || !s->n_hits) {
        app_message(app, 4, "no search to go on with: / searches all lessons");
        return;
    }
    bool wrap = dir > 0 ? s->at + 1 == s->n_hits : s->at == 0;
    size_t k = dir > 0 ? (wrap ? 0 : s->at + 1) : (wrap ? s->n_hits - 1 : s->at - 1);
    open_match(app, k, wrap ? "again: " : "");
}

void search_mark(App *app)
{
    const Search *s = &app->search;
    const char *q = s->query.data;
    if (!s->opened || s->at >= s->n_hits || !q || !*q || s->hits[s->at].lesson != app->lesson ||
        s->hits[s->at].step != app->step)
        return;
    size_t n = strlen(q);
    for (size_t i = 0; i < app->doc.n; i++) {
        DocLine *line = &app->doc.lines[i];
        for (size_t c = 0; c + n <= line->len; c++)
            if (strncasecmp(line->text + c, q, n) == 0) {
                memset(line->roles + c, ROLE_MATCH, n);
                c += n - 1;
            }
    }
}

static bool key_again(void *ctx, int key)
{
    (void)key;
    App *app = ((UiKeyCtx *)ctx)->app;
    app_close_screen(app);
    search_begin(app);
    return true;
}

static const KeyBinding result_keys[] = {
    {.keys = {'\n', '\r', KEY_ENTER}, .names = "Enter", .hint = "jumps to the step",
     .what = "open the step of the match chosen", .run = key_open},
    {.keys = {'/'}, .names = "/", .hint = "searches again", .what = "a new search", .run = key_again},
    {.keys = {27, 'q'}, .names = "Esc  q", .hint = "goes back", .what = "back to the lesson",
     .run = ui_key_close},
    {.keys = {KEY_UP, KEY_DOWN}, .names = "Up  Down", .what = "choose a match", .run = key_move},
    {.names = NULL},
};

KEY_SECTIONS_ONE(result_sections, "Search results", result_keys);

/* A step's title in at most width columns, so that the snippet after it,
 * and the match in it, still shows: its last words give way to an
 * ellipsis, or all of it to nothing. */
static void fit_title(char *title, int width, bool ascii)
{
    const char *ell = ascii ? "..." : "\xe2\x80\xa6";
    while (title[0] && text_width(title, strlen(title)) > width) {
        char *sp = strrchr(title, ' ');
        if (!sp) {
            title[0] = '\0';
            return;
        }
        *sp = '\0';
        if (text_width(title, strlen(title)) + 1 <= width && strlen(sp + 1) >= strlen(ell)) {
            strcat(title, ell); /* in the room the last word left */
            return;
        }
    }
}

static void results_draw(void *ctx, App *app, WINDOW *win, int y, int x, int h, int w)
{
    (void)ctx;
    Rect r = {y, x, h, w};
    const UiCaps *caps = &app->caps;
    Search *s = &app->search;
    char *q = text_display(s->query.data ? s->query.data : "", caps->ascii);
    char *head = s->n_hits ? xasprintf("%zu match%s for \"%s\"", s->n_hits, s->n_hits == 1 ? "" : "es", q)
                           : xasprintf("no matches for \"%s\"", q);
    draw_text(win, r.y, r.x + 2, r.w - 4, head, style_attr(caps, ROLE_TITLE));
    free(head);
    free(q);
    int rows = r.h - 3;
    if (s->sel < s->top)
        s->top = s->sel;
    if (rows > 0 && s->sel >= s->top + (size_t)rows)
        s->top = s->sel - (size_t)rows + 1;
    for (int i = 0; i < rows && s->top + (size_t)i < s->n_hits; i++) {
        size_t k = s->top + (size_t)i;
        const SearchHit *h = &s->hits[k];
        const Lesson *l = app->lessons.lessons[h->lesson];
        char *where = xasprintf("%s:%zu", l->id, h->step + 1);
        const char *t = l->steps[h->step].title;
        char *title = text_display(t && !h->in_title ? t : "", caps->ascii);
        char *snip = text_display(h->snippet, caps->ascii);
        fit_title(title, r.w - 2 - 21 - 2 - text_width(snip, strlen(snip)), caps->ascii);
        char *line = xasprintf("  %-20s %s%s%s", where, title, title[0] ? "  " : "", snip);
        attr_t a = k == s->sel ? style_attr(caps, ROLE_SELECTED) : A_NORMAL;
        if (k == s->sel)
            draw_fill(win, (Rect){r.y + 2 + i, r.x, 1, r.w}, a);
        draw_text(win, r.y + 2 + i, r.x, r.w, line, a);
        free(line);
        free(snip);
        free(title);
        free(where);
    }
    char foot[256] = "";
    for (const KeyBinding *b = result_keys; b->names; b++) { /* no jump without a match */
        if (!b->hint || (b->run == key_open && !s->n_hits))
            continue;
        char one[96];
        keys_hint(b, one, sizeof one);
        snprintf(foot + strlen(foot), sizeof foot - strlen(foot), "%s%s", foot[0] ? ", " : "", one);
    }
    draw_text(win, r.y + r.h - 1, r.x + 2, r.w - 4, foot, style_attr(caps, ROLE_DIM));
}

const UiScreen search_screen = {
    .keys = result_sections,
    .draw = results_draw,
};
