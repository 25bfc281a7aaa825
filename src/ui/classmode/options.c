/* ui/classmode/options: the command lines of `corelab teach` and
 * `corelab follow`. */
#include "ui/classmode/classmode_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

const char classmode_teach_usage[] =
    "usage: corelab teach [--class DIR] [--open LESSON[:STEP]] [--lessons DIR] [--keep-flags]\n"
    "                     [--ascii] [--no-color]\n"
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
    "usage: corelab follow DIR [--lessons DIR] [--ascii] [--no-color]\n"
    "\n"
    "Follow the instructor's class in DIR: you see the step they show.\n"
    "Keys: as the walker, plus f roam free, . back to the instructor's step,\n"
    "d done, h help (sticky notes the instructor sees).\n";

static int take_value(int argc, char **argv, int *i, const char *flag, const char **out)
{
    const char *a = argv[*i];
    size_t n = strlen(flag);
    if (a[n] == '=')
        *out = a + n + 1;
    else if (*i + 1 < argc)
        *out = argv[++*i];
    else
        *out = NULL;
    if (!*out || !**out) {
        fprintf(stderr, "corelab: %s needs a value\n", flag);
        return 2;
    }
    return 0;
}

static bool is_flag(const char *a, const char *flag)
{
    size_t n = strlen(flag);
    return strncmp(a, flag, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

static bool open_spec_ok(const char *spec)
{
    const char *colon = strrchr(spec, ':');
    if (colon == spec)
        return false;
    long step;
    return !colon || parse_long(colon + 1, 1, 1000000, &step);
}

int classmode_parse(int argc, char **argv, bool teach, ClassOptions *o)
{
    const char *cmd = teach ? "teach" : "follow";
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int rc = 0;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            o->help = true;
        else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0)
            o->version = true;
        else if (strcmp(a, "--ascii") == 0)
            o->ascii = true;
        else if (strcmp(a, "--no-color") == 0 || strcmp(a, "--no-colour") == 0)
            o->no_color = true;
        else if (is_flag(a, "--lessons"))
            rc = take_value(argc, argv, &i, "--lessons", &o->lessons_dir);
        else if (teach && is_flag(a, "--class"))
            rc = take_value(argc, argv, &i, "--class", &o->class_dir);
        else if (teach && is_flag(a, "--open"))
            rc = take_value(argc, argv, &i, "--open", &o->open);
        else if (teach && strcmp(a, "--keep-flags") == 0)
            o->keep_flags = true;
        else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "corelab %s: unknown option '%s' (try corelab %s --help)\n", cmd, a, cmd);
            return 2;
        } else if (!teach && !o->class_dir) {
            o->class_dir = a;
        } else {
            fprintf(stderr, "corelab %s: unexpected argument '%s' (try corelab %s --help)\n", cmd, a, cmd);
            return 2;
        }
        if (rc)
            return rc;
    }
    if (o->help || o->version)
        return 0;
    if (!teach && !o->class_dir) {
        fprintf(stderr, "corelab follow: which class? usage: corelab follow DIR\n");
        return 2;
    }
    if (o->open && !open_spec_ok(o->open)) {
        fprintf(stderr, "corelab teach: --open wants LESSON or LESSON:STEP with STEP a number from 1, not '%s'\n",
                o->open);
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
