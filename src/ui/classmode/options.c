/* ui/classmode/options: the command lines of `corelab teach` and
 * `corelab follow`. */
#include "ui/classmode/classmode_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

const char classmode_teach_usage[] =
    "usage: corelab teach [--class DIR] [--open LESSON[:STEP]] [--lessons DIR] [--keep-flags]\n"
    "                     [--workspace DIR] [--ascii] [--no-color]\n"
    "\n"
    "Teach a class: your step goes to every `corelab follow DIR` through DIR,\n"
    "a directory on a file system the students share (default $CORELAB_CLASS_DIR,\n"
    "else ~/corelab-class; it must be yours and not writable by others).\n"
    "  --keep-flags   keep students' done/help flags when you change step\n"
    "Keys: as the walker, plus T (or t where no demo uses it) starts or stops the\n"
    "exercise timer (the lesson's exercise minutes) that every follower sees.\n"
    "The right pane is the roster: who is where, help first; the status bar\n"
    "shows done:N help:N.\n";

const char classmode_follow_usage[] =
    "usage: corelab follow DIR [--lessons DIR] [--workspace DIR] [--ascii] [--no-color]\n"
    "\n"
    "Follow the instructor's class in DIR: you see the step they show.\n"
    "Keys: as the walker, plus f roam free, . back to the instructor's step,\n"
    "d done, h help (sticky notes the instructor sees).\n";

/* "--class DIR" or "--class=DIR"; 1 when taken, 2 after a usage error. */
static int take_class_dir(int argc, char **argv, int *i, const char **out)
{
    const char *a = argv[*i];
    if (a[7] == '=')
        *out = a + 8;
    else if (*i + 1 < argc)
        *out = argv[++*i];
    else
        *out = NULL;
    if (!*out || !**out) {
        fprintf(stderr, "corelab teach: --class needs a value\n");
        return 2;
    }
    return 1;
}

int classmode_parse(int argc, char **argv, bool teach, ClassOptions *o)
{
    const char *cmd = teach ? "teach" : "follow";
    const char *prog = teach ? "corelab teach" : "corelab follow";
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int rc = ui_option_common(argc, argv, &i, prog, teach, &o->ui);
        if (rc == 0 && teach && (strcmp(a, "--class") == 0 || strncmp(a, "--class=", 8) == 0))
            rc = take_class_dir(argc, argv, &i, &o->class_dir);
        else if (rc == 0 && teach && strcmp(a, "--keep-flags") == 0) {
            o->keep_flags = true;
            rc = 1;
        }
        if (rc == 2)
            return 2;
        if (rc == 1)
            continue;
        if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "%s: unknown option '%s' (try corelab %s --help)\n", prog, a, cmd);
            return 2;
        } else if (!teach && !o->class_dir) {
            o->class_dir = a;
        } else {
            fprintf(stderr, "%s: unexpected argument '%s' (try corelab %s --help)\n", prog, a, cmd);
            return 2;
        }
    }
    if (o->ui.help || o->ui.version)
        return 0;
    if (!teach && !o->class_dir) {
        fprintf(stderr, "corelab follow: which class? usage: corelab follow DIR\n");
        return 2;
    }
    return 0;
}

char *classmode_default_dir(void)
{
    const char *env = getenv("CORELAB_CLASS_DIR");
    if (env && *env)
        return xstrdup(env);
    const char *home = getenv("HOME");
    return path_join(home && *home ? home : "/tmp", "corelab-class");
}
