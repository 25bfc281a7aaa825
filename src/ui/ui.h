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

#endif
