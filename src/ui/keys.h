/* ui/keys: a key table. Every mode, screen and pane of the TUI describes
 * its keys in one table of KeyBinding; the `?` screen, the footers' hints
 * and the man page's key list are made from those tables, and the key
 * handlers dispatch through them, so what a key does and what the screen
 * says it does cannot disagree.
 *
 *     static const KeyBinding panel_keys[] = {
 *         {{'r'}, 0, 0, "r", "run", "run this step's demo or exercise", key_run},
 *         {{'1'}, '1', '9', "1-9", NULL, "answer a quiz", key_answer},
 *         {.names = NULL},
 *     };
 *
 * A table ends with an entry whose `names` is NULL. */
#ifndef CORELAB_UI_KEYS_H
#define CORELAB_UI_KEYS_H

#include <stdbool.h>

#define KEYS_PER_BINDING 6

/* What a key does: ctx is the table owner's state (App, Panel, a screen's
 * context). Returns true when the key was used. */
typedef bool (*KeyAction)(void *ctx, int key);

typedef struct {
    int keys[KEYS_PER_BINDING]; /* curses key codes, 0-terminated */
    int range_lo, range_hi;     /* and an inclusive range ('1'..'9'); 0, 0: none */
    const char *names;          /* as `?` and the man page show them: "Right  PgDn  Space" */
    const char *hint;           /* a footer's short word ("run"), NULL: not in footers */
    const char *what;           /* one line for `?` and the man page */
    KeyAction run;              /* NULL: described here, handled by the caller */
} KeyBinding;

/* The binding of key in table, or NULL. */
const KeyBinding *keys_find(const KeyBinding *table, int key);
/* Runs key's action from table; false when the table has no action for it
 * or the action did not use it. */
bool keys_dispatch(const KeyBinding *table, void *ctx, int key);
/* Entries before the terminator. */
int keys_count(const KeyBinding *table);

#endif
