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

/* Display width of n bytes of UTF-8. */
int text_width(const char *s, size_t n);
/* Bytes of s (length n) that fit in at most w columns. */
size_t text_fit(const char *s, size_t n, int w);
/* Length in bytes of the UTF-8 sequence starting at s (1 for bad bytes). */
size_t utf8_len(const char *s, size_t n);
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
typedef struct {
    char *id;
    int step;        /* last step shown, 1-based */
    int furthest;    /* furthest step seen, 1-based */
    int *answers;    /* answers[i]: last choice (1-based) for step i+1, 0 none */
    size_t n_answers;
} LessonProgress;

typedef struct {
    LessonProgress *items; /* also lessons not in the current set: kept as read */
    size_t n;
    char *last_id;         /* lesson shown last */
    char *path;            /* NULL: do not save */
} Progress;

/* Reads the file; a missing file is an empty progress, a corrupt one too
 * with *note set to a static explanation. */
void progress_load(Progress *p, const char *path, const char **note);
/* 0, or -1 with errno set. Creates the directory 0700, the file 0600. */
int progress_save(const Progress *p);
/* On stderr, once the terminal is restored: the last save failed with err
 * (a full disk, a read-only state folder) and where it would have gone;
 * otherwise the next start silently begins from the first step. */
void progress_report_unsaved(const Progress *p, int err);
void progress_free(Progress *p);
LessonProgress *progress_get(Progress *p, const char *id, bool create);
void progress_set_step(Progress *p, const char *id, int step);
int progress_answer(const Progress *p, const char *id, int step); /* 0: none */
void progress_set_answer(Progress *p, const char *id, int step, int choice);

/* ---- layout.c ---- */
typedef struct {
    int y, x, h, w;
} Rect;

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

/* ---- draw.c: small drawing helpers honouring ASCII mode ---- */
void draw_fill(WINDOW *win, Rect r, attr_t attr);
void draw_hline(WINDOW *win, const UiCaps *caps, int y, int x, int w);
void draw_vline(WINDOW *win, const UiCaps *caps, int y, int x, int h);
void draw_box(WINDOW *win, const UiCaps *caps, Rect r);
/* Text clipped to w columns at (y, x); returns columns used. */
int draw_text(WINDOW *win, int y, int x, int w, const char *s, attr_t attr);

/* ---- overlays: help, index, search results, the Jupyter page ---- */
typedef enum { OV_NONE, OV_HELP, OV_INDEX, OV_SEARCH, OV_SCREEN } OverlayKind;

typedef struct {
    size_t lesson;
    size_t step;    /* 0-based */
    char *snippet;  /* displayable context around the first match */
} SearchHit;

typedef struct {
    bool prompting;      /* typing the query in the status bar */
    StrBuf query;
    SearchHit *hits;
    size_t n_hits, cap_hits;
    size_t sel, top;
} Search;

typedef struct {
    size_t sel, top;  /* rows: a lesson, then its steps when expanded */
    bool *expanded;   /* per lesson */
    size_t n_expanded;
} IndexView;

typedef struct {
    int scroll;
} HelpView;

/* ---- the application: ALL of the walker's mutable state ---- */
struct App {
    AppConfig cfg;
    UiCaps caps;
    LessonSet lessons;
    Progress progress;
    bool progress_changed; /* to be written before the next poll */
    Panel *panel;

    size_t lesson, step;   /* current, 0-based */
    int scroll;            /* first doc line shown */
    bool scroll_to_end;    /* after the next build: show the doc's end (quiz feedback) */
    char *scroll_to_text;  /* after the next build: show the first line with this (search) */
    Doc doc;
    bool doc_valid;
    int doc_width;

    Layout layout;
    unsigned dirty;        /* DIRTY_* */
    OverlayKind overlay;
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
    DIRTY_OVERLAY = 1u << 4,
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
void quiz_render(Doc *d, const LessonQuiz *q, int chosen, int width, bool ascii);
/* A digit key on a quiz step; true when it answered. */
bool quiz_key(App *app, int key);

/* ---- statusbar.c ---- */
void statusbar_draw(App *app);
/* true when the minute changed since the last draw */
bool statusbar_clock_changed(App *app, double wall_now);

/* ---- help_view.c, index_view.c, search.c, jupyter_view.c ---- */
void help_view_draw(App *app, WINDOW *win, Rect r);
bool help_view_key(App *app, int key);
void index_view_open(App *app);
void index_view_free(IndexView *v);
void index_view_draw(App *app, WINDOW *win, Rect r);
bool index_view_key(App *app, int key);
void search_begin(App *app);
bool search_prompt_key(App *app, int key); /* while prompting */
void search_prompt_draw(App *app, WINDOW *win, Rect r);
int search_prompt_cursor(const App *app); /* column after the query */
void search_view_draw(App *app, WINDOW *win, Rect r);
bool search_view_key(App *app, int key);
void search_run(const LessonSet *set, const char *query, Search *s);
void search_free(Search *s);
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
