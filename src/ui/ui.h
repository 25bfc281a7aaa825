/* ui/: the ncurses front end. */
#ifndef CORELAB_UI_H
#define CORELAB_UI_H

typedef enum {
    UI_MODE_WALK,   /* `corelab [options]` */
    UI_MODE_TEACH,  /* `corelab teach --class DIR ...` */
    UI_MODE_FOLLOW, /* `corelab follow DIR` */
} UiMode;

/* argv[0] is the program or the subcommand name; returns the exit status. */
int ui_main(UiMode mode, int argc, char **argv);

/* Hidden commands for the build and the tests, from the key tables:
 * `corelab --keys-roff [TEMPLATE]` writes the man page's KEYS section (in
 * place of TEMPLATE's `.\" @KEYS@` line); `corelab --keys-list` prints,
 * one a line and tab-separated, each key `?` lists on each screen:
 * context (walk, teach, follow, index, search, jupyter; help: its footer),
 * section, names, footer hint, what it does. */
int ui_cmd_keys_roff(int argc, char **argv);
int ui_cmd_keys_list(int argc, char **argv);

#endif
