/* ui/classmode: `corelab teach` and `corelab follow` as modes of the walker
 * (ui/app.h hooks) over the class directory protocol (class/class.h). */
#ifndef CORELAB_UI_CLASSMODE_H
#define CORELAB_UI_CLASSMODE_H

#include "ui/app.h"
#include "ui/keys.h"

/* argv[0] is the subcommand name; each returns the process exit status. */
int classmode_teach_main(int argc, char **argv);
int classmode_follow_main(int argc, char **argv);

/* Each mode's keys, as `?` and the man page list them. */
extern const KeySection classmode_teach_keys[];
extern const KeySection classmode_follow_keys[];
/* Their screens: teach's answers at the step (`c`), and what the
 * instructor released, on the follower's side (`v`). */
extern const UiScreen classmode_answers_screen; /* ctx: the teach state */
extern const UiScreen classmode_reveal_screen;  /* ctx: the follower's reveal state */

#endif
