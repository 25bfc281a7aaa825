/* ui/ui_internal: the walker's data structures and the functions its files
 * offer each other. Internal to ui/ (not ui/panes/): other folders use
 * ui/ui.h and ui/app.h. */
#ifndef CORELAB_UI_INTERNAL_H
#define CORELAB_UI_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

#include "lesson/lesson.h"
#include "ui/app.h"
#include "ui/caps.h"
#include "ui/panes/panel.h"
#include "util/rect.h"
#include "util/utf8.h"
#include "util/util.h"

/* ---- styles (style.c): what a piece of text is, mapped to attributes ---- */
typedef enum {
    ROLE_NORMAL,
    ROLE_TITLE,
    ROLE_HEADING,
    ROLE_BOLD,
    ROLE_EMPH,
    ROLE_CODE,     /* inline `code` and plain code-block text */
    ROLE_KEYWORD,
    ROLE_STRING,
    ROLE_COMMENT,
    ROLE_NUMBER,
    ROLE_CORRECT,
    ROLE_WRONG,
    ROLE_HINT,
    ROLE_DIM,
    ROLE_SELECTED, /* the chosen row of a list */
    ROLE_STATUS,   /* the status bar */
    ROLE_BORDER,
    ROLE_KEY,      /* key names in help and prompts */
    ROLE_INLINE_CODE, /* `code` in a sentence: emphasised even without colour */
    ROLE_MATCH,    /* the search's query on the step it opened */
    ROLE_COUNT
} Role;

void style_init(const UiCaps *caps); /* after the terminal is open */
attr_t style_attr(const UiCaps *caps, Role role);

/* ---- doc.c: lines of text with one role per byte ---- */
typedef struct {
    char *text;           /* UTF-8 (pure ASCII in ASCII mode), NUL-terminated */
    unsigned char *roles; /* one Role per byte of text */
    size_t len;
} DocLine;

typedef struct {
    DocLine *lines;
    size_t n, cap;
    StrBuf cur;            /* the line being built */
    unsigned char *cur_roles;
    size_t cur_roles_cap;
} Doc;

void doc_init(Doc *d);
void doc_free(Doc *d);
void doc_reset(Doc *d);
void doc_add(Doc *d, const char *s, size_t n, Role role);
void doc_adds(Doc *d, const char *s, Role role);
void doc_newline(Doc *d);      /* ends the current line (possibly empty) */
void doc_blank(Doc *d);        /* one empty line unless the last one is empty */

/* Widths and lengths of UTF-8 text: text_width, text_fit and utf8_len in
 * util/utf8.h. */
/* s made displayable: tabs become spaces, control characters '?', and in
 * ASCII mode every non-ASCII character a close ASCII spelling. Caller frees. */
char *text_display(const char *s, bool ascii);

/* Draw doc line `line` at (y, x), at most w columns, padding with blanks. */
void doc_draw_line(WINDOW *win, const UiCaps *caps, const DocLine *line, int y, int x, int w);

/* ---- text_render.c: lesson markup into wrapped doc lines ---- */
/* Paragraphs (blank-line separated), "- " and "1. " lists, `code`,
 * **bold**, *emphasis*. */
void render_markup(Doc *d, const char *markup, int width, bool ascii, Role base);
/* One styled run (already displayable) wrapped to width, the first line
 * after prefix, the others indented by the prefix's width. */
void render_wrapped(Doc *d, const char *text, const unsigned char *roles, size_t len, int width,
                    const char *prefix, Role prefix_role);
/* One piece of inline markup (newlines become spaces) after a prefix that
 * is drawn in the base role; wrapped lines are indented to match. */
void render_inline(Doc *d, const char *markup, int width, bool ascii, const char *prefix, Role base);
/* A bullet list of plain items. */
void render_list(Doc *d, const StrList *items, int width, bool ascii);

/* ---- code_render.c: a highlighted code block ---- */
void render_code(Doc *d, const char *lang, const char *source, int width, bool ascii);

/* ---- progress.c: $XDG_STATE_HOME/corelab/progress.json ---- */
#include "ui/progress.h"

/* ---- layout.c ---- */
typedef struct {
    int rows, cols;
    bool too_small;
    bool has_panel, panel_right;
    Rect text, panel, side, status;
    Rect sep;        /* the line between text and panel (h or w is 1) */
    Rect side_sep;
} Layout;

enum { UI_MIN_COLS = 80, UI_MIN_ROWS = 24, UI_SIDE_BY_SIDE_COLS = 120, UI_TEXT_MAX_COLS = 100 };
void layout_compute(Layout *l, int rows, int cols, bool has_panel, int side_w);
/* The panel zoomed: it takes the text's place too (the text gets no rows). */
void layout_zoom_panel(Layout *l);

/* ---- draw.c: small drawing helpers honouring ASCII mode ---- */
void draw_fill(WINDOW *win, Rect r, attr_t attr);
void draw_hline(WINDOW *win, const UiCaps *caps, int y, int x, int w);
void draw_vline(WINDOW *win, const UiCaps *caps, int y, int x, int h);
void draw_box(WINDOW *win, const UiCaps *caps, Rect r);
/* Text clipped to w columns at (y, x); returns columns used. */
int draw_text(WINDOW *win, int y, int x, int w, const char *s, attr_t attr);

/* ---- the screens' own state: index, search results, help ---- */
typedef struct {
    size_t lesson;
    size_t step;    /* 0-based */
    char *snippet;  /* displayable context around the first match */
    bool in_title;  /* the match is in the step's title: the list shows it once */
} SearchHit;

typedef struct {
    bool prompting;      /* typing the query in the status bar */
    StrBuf query;
    SearchHit *hits;
    size_t n_hits, cap_hits;
    size_t sel, top;
    bool opened;         /* a match was opened: hits[at]'s step shows the query marked */
    size_t at;
} Search;

typedef struct {
    size_t sel, top;  /* rows: a lesson, then its steps when expanded */
    bool *expanded;   /* per lesson */
    size_t n_expanded;
} IndexView;

typedef struct {
    int scroll;
} HelpView;

/* A screen over the lesson and its ctx. */
typedef struct {
    const UiScreen *screen;
    void *ctx;
} OpenScreen;

/* Help over another screen is the deepest it goes. */
enum { UI_MAX_SCREENS = 2 };

/* ---- the application: ALL of the walker's mutable state ---- */
struct App {
    AppConfig cfg;
    UiCaps caps;
    LessonSet lessons;
    Progress progress;
    bool progress_changed; /* to be written before the next poll */
    Panel *panel;
    struct ExerciseView *exercise; /* ui/practice_ui.h */
    struct PredictView *predict;

    size_t lesson, step;   /* current, 0-based */
    int scroll;            /* first doc line shown */
    bool scroll_to_end;    /* after the next build: show the doc's end (quiz feedback) */
    char *scroll_to_text;  /* after the next build: show the first line with this (search) */
    Doc doc;
    bool doc_valid;
    int doc_width;

    Layout layout;
    unsigned dirty;        /* DIRTY_* */
    OpenScreen screens[UI_MAX_SCREENS]; /* bottom first; the top one is shown */
    int n_screens;         /* 0: the lesson */
    IndexView index;
    Search search;
    HelpView help;

    char message[256];
    double message_until;  /* monotonic; 0: no message */
    char clock[8];         /* what the status bar shows now */
    double last_panel_draw;
    double panel_due;      /* monotonic time the panel asked to be redrawn at */
    double reap_in;        /* seconds until panel_reap is due again; -1: nothing to reap */
    double mode_due;       /* next on_tick of the mode, 0: none */

    int sig_fd;            /* read end of the signal self-pipe */
    bool quit;
    int exit_status;
    bool term_open;
    bool cursor_on;        /* the terminal's cursor is shown */
};

enum {
    DIRTY_TEXT = 1u << 0,
    DIRTY_PANEL = 1u << 1,
    DIRTY_STATUS = 1u << 2,
    DIRTY_SIDE = 1u << 3,
    DIRTY_SCREEN = 1u << 4, /* the screen on top */
    DIRTY_LAYOUT = 1u << 5, /* sizes changed: everything */
    DIRTY_ALL = 0x3f,
};

const Lesson *app_cur_lesson(const App *app);
const LessonStep *app_cur_step(const App *app);
/* Open a lesson at the step the user was last on in it. */
void app_open_lesson(App *app, size_t lesson);

/* ---- step_view.c ---- */
void step_view_build(App *app, int width);
void step_view_draw(App *app);
void step_view_scroll(App *app, int delta);
bool step_view_more_below(const App *app); /* the doc goes on below the area */

/* ---- quiz.c ---- */
/* chosen: the latest answer (its feedback is shown); first: the first
 * answer, the one that counts (0: none). */
void quiz_render(Doc *d, const LessonQuiz *q, int chosen, int first, int width, bool ascii);
/* A digit key on a quiz step; true when it answered. */
bool quiz_key(App *app, int key);

/* ---- statusbar.c ---- */
void statusbar_draw(App *app);
/* true when the minute changed since the last draw */
bool statusbar_clock_changed(App *app, double wall_now);

/* ---- screens.c: the screens over the lesson ---- */
/* app_open_screen (ui/app.h) shows a screen over what is on screen (help
 * over the index), or instead of the top one when as many are open as can be. */
void app_close_screen(App *app);  /* the top one */
void app_close_screens(App *app); /* back to the lesson */
/* The screen on top (ctx may be NULL), or NULL on the lesson. */
const UiScreen *app_top_screen(const App *app, void **ctx);
/* A key for the screen on top: its take_key, then its table; the keys
 * that work everywhere else. An open screen takes every key. */
void screen_key(App *app, int key);
/* The open screens' descriptors (the screens polled, to hand each its
 * own after the poll), after-poll, wake-up and tick hooks. */
typedef struct {
    OpenScreen open[UI_MAX_SCREENS + 1]; /* + the Jupyter screen, closed */
    int count[UI_MAX_SCREENS + 1];
    int n;
} ScreensPolled;
int screens_pollfds(App *app, struct pollfd *fds, int max, ScreensPolled *sp);
void screens_on_poll(App *app, const struct pollfd *fds, const ScreensPolled *sp);
double screens_wake_in(App *app, double now);
void screens_tick(App *app, double now);

/* ---- app_keys.c: the lesson's keys and the ones that work everywhere ---- */
/* Before anything else, even a prompt: Ctrl-L, Ctrl-C (ctx: App). */
extern const KeyBinding app_keys_anywhere[];
/* On every screen and on the lesson, after its own keys: `?` (ctx: App). */
extern const KeyBinding app_keys_every_screen[];
/* Reading a lesson (ctx: App). */
extern const KeyBinding app_keys_lesson[];
void app_handle_key(App *app, int key);
/* The Jupyter screen the config gives, or the page explaining the CLI. */
const UiScreen *app_jupyter_screen(const App *app, void **ctx);

/* ---- help_view.c, keys_doc.c: `?` and the key tables as a list ---- */
extern const UiScreen help_screen;   /* ctx: App */
/* The sections `?` lists over a screen, or over the lesson (screen NULL)
 * with a mode's keys (NULL: walk), the ones that work everywhere last (a
 * section without a title goes on under the one before). Returns how many
 * it filled, at most max. */
int help_sections(const UiScreen *screen, const KeySection *mode_keys, KeySection *out, int max);

/* ---- index_view.c, search.c, jupyter_view.c ---- */
extern const UiScreen index_screen;  /* ctx: App */
void index_view_open(App *app);
void index_view_free(IndexView *v);
extern const UiScreen search_screen; /* ctx: App */
void search_begin(App *app);
void search_prompt_key(App *app, int key); /* while prompting: takes every key */
void search_prompt_draw(App *app, WINDOW *win, Rect r);
int search_prompt_cursor(const App *app); /* column after the query */
void search_run(const LessonSet *set, const char *query, Search *s);
void search_free(Search *s);
/* Marks the query on the step the search opened (step_view_build). */
void search_mark(App *app);
/* Opens the next (dir 1) or previous (-1) match of the last search. */
void search_step(App *app, int dir);
extern const UiScreen jupyter_info_screen;

/* ---- term.c: the terminal and the signals ---- */
/* Opens the terminal (newterm on the tty) and decides caps. NULL error
 * message on success, else a static message. */
const char *term_open(UiCaps *caps, bool want_ascii, bool no_color);
void term_close(void);
/* The signal self-pipe: SIGINT/SIGTERM/SIGHUP/SIGWINCH write their number
 * to it. Returns the read end or -1. */
int term_signals_install(void);
void term_signals_remove(void);
/* Reads pending signal numbers; returns the first terminating one (0 none)
 * and sets *winch when a SIGWINCH came. */
int term_signals_read(int fd, bool *winch);
/* The terminal is gone (SIGHUP, stdin hung up): never block on it again
 * while saving and exiting. */
void term_hangup(void);
/* Pick up the new size after SIGWINCH. */
void term_resize(void);
/* Decide ASCII from the locale (after setlocale). */
bool term_locale_is_utf8(void);

/* ---- options.c (UiOptions and the shared flags are in app.h) ---- */
/* 0 ok; 2 with a one-line message printed to stderr. */
int ui_options_parse(int argc, char **argv, UiOptions *o);
extern const char ui_usage[];

/* open spec: "gil" or "gil:3" */
int ui_parse_open(const char *spec, char **id, int *step); /* 0 or -1 */

#endif
