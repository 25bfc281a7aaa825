/* ui/keys: a key table. Every mode, screen and pane of the TUI describes
 * its keys in one table of KeyBinding; the `?` screen, the footers' hints
 * and the man page's key list are made from those tables, and the key
 * handlers dispatch through them, so what a key does and what the screen
 * says it does cannot disagree.
 *
 *     static const KeyBinding panel_step_keys[] = {
 *         {.keys = {'r'}, .names = "r", .hint = "run",
 *          .what = "run this step's demo or exercise", .run = key_run},
 *         {.range_lo = '1', .range_hi = '9', .names = "1-9",
 *          .what = "answer a quiz", .run = key_answer},
 *         {.names = NULL},
 *     };
 *
 * A table ends with an entry whose `names` is NULL. A key that works must
 * be in a table: aliases (= for +, Enter's three codes) go in `keys` and,
 * when a user could not guess them, in `what`.
 *
 * Adding a key: one entry in the table of the mode or screen it belongs to,
 * and its action: ui/app_keys.c (reading a lesson; the keys of every
 * screen), ui/exercise_keys.c (exercise steps), ui/solution_view.c,
 * ui/panes/panel_keys.c (the panes), ui/index_view.c,
 * ui/search.c, ui/help_view.c, ui/jupyter/jupyter_screen.c,
 * ui/classmode/teach_mode.c and follow_mode.c. `?`, the footers and the
 * man page (written from the tables by `corelab --keys-roff` when corelab
 * is built) follow; the screen tests press it. A new table is a section
 * of a mode or screen (UiModeHooks.keys, UiScreen.keys in ui/app.h); the
 * man page lists the sections of ui/keys_doc.c. */
#ifndef CORELAB_UI_KEYS_H
#define CORELAB_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#define KEYS_PER_BINDING 6

/* The code a terminal sends for Ctrl and a letter: KEY_CTRL('n') is 14. */
#define KEY_CTRL(c) ((c) & 0x1f)

/* What a key does: ctx is the table owner's state (App, Panel, a UiKeyCtx
 * for the hooks of ui/app.h). Returns true when the key was used. */
typedef bool (*KeyAction)(void *ctx, int key);

typedef struct {
    int keys[KEYS_PER_BINDING]; /* curses key codes, 0-terminated */
    int range_lo, range_hi;     /* and an inclusive range ('1'..'9'); 0, 0: none */
    const char *names;          /* as `?` and the man page show them, two spaces
                                 * apart: "Right  PgDn  Space" */
    const char *hint;           /* a footer's short word ("run"), NULL: not in footers */
    const char *what;           /* one line for `?` (and the man page when `more` is NULL) */
    KeyAction run;              /* NULL: described here, handled by the caller */
    const char *more;           /* the man page's longer text; NULL: `what` */
} KeyBinding;

/* A titled table: what `?` and the man page show under one heading. Lists
 * of sections end with an entry whose `keys` is NULL. */
typedef struct {
    const char *title;
    const KeyBinding *keys;
} KeySection;

/* A KeyAction named name that calls fn(ctx) for any key of its binding. */
#define KEY_ACTION_CALLS(name, fn)      \
    static bool name(void *ctx, int key) \
    {                                    \
        (void)key;                       \
        fn(ctx);                         \
        return true;                     \
    }

/* A screen's list of one titled table. */
#define KEY_SECTIONS_ONE(name, title, table) static const KeySection name[] = {{title, table}, {0}}

/* The binding of key in table, or NULL. */
const KeyBinding *keys_find(const KeyBinding *table, int key);
/* Runs key's action from table; false when the table has no action for it
 * or the action did not use it. */
bool keys_dispatch(const KeyBinding *table, void *ctx, int key);
/* Entries before the terminator. */
int keys_count(const KeyBinding *table);

/* A footer's words for one binding, "Esc/q back": its names joined by '/'
 * and its hint (just the names when it has none). */
void keys_hint(const KeyBinding *b, char *buf, size_t n);
/* The hints of every binding of table that has one, separated by sep:
 * "r run  s stop  Tab focus". Appends to buf (a NUL-terminated string). */
void keys_hints(const KeyBinding *table, const char *sep, char *buf, size_t n);

/* A footer's hint and how much it matters: 0 always shows, higher
 * numbers go first when the footer is narrow. */
typedef struct {
    const KeyBinding *b;
    int prio;
} KeyHint;
/* The hints (in the order given) separated by sep into buf, within width
 * columns: whole hints are left out, the highest prio first (the later
 * of equals first), never cut; then those left out that fit after all
 * come back, the most useful first. Returns how many were left out. */
int keys_hints_fit(const KeyHint *hints, int n, const char *sep, int width, char *buf, size_t len);

#endif
