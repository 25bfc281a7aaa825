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
    "       corelab teach --summary DIR [--out DIR]\n"
    "\n"
    "Teach a class: your step goes to every `corelab follow DIR` through DIR,\n"
    "a directory on a file system the students share (default $CORELAB_CLASS_DIR,\n"
    "else ~/corelab-class; it must be yours and not writable by others).\n"
    "  --keep-flags   keep students' done/help flags when you change step\n"
    "Keys: as the walker, plus T (or t where no demo uses it) starts or stops the\n"
    "exercise timer (the lesson's exercise minutes) that every follower sees;\n"
    "c shows the class's answers at your step full screen; R (twice) releases the\n"
    "step's explanation or solution to the class; W writes the class record into\n"
    "$XDG_STATE_HOME/corelab.\n"
    "The right pane shows the class's answers at your step and the roster: who is\n"
    "where, help first, then the stuck; the status bar shows done:N help:N.\n"
    "  --summary DIR  write the class record of DIR (CSV and JSON, one row per\n"
    "                 student and step) into --out DIR, default the current\n"
    "                 directory (or $XDG_STATE_HOME/corelab when that is inside\n"
    "                 the class directory, which students can read)\n";

const char classmode_follow_usage[] =
    "usage: corelab follow DIR [--lessons DIR] [--workspace DIR] [--ascii] [--no-color]\n"
    "\n"
    "Follow the instructor's class in DIR: you see the step they show.\n"
    "Keys: as the walker, plus f roam free, . back to the instructor's step,\n"
    "d done, h help (sticky notes the instructor sees), v what the instructor\n"
    "released (an explanation or a solution).\n";

/* "--NAME DIR" or "--NAME=DIR" when argv[*i] is that option: 1 when
 * taken, 0 when it is another argument, 2 after a usage error. */
static int take_dir(int argc, char **argv, int *i, const char *name, const char **out)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0 || (a[n] != '\0' && a[n] != '='))
        return 0;
    if (a[n] == '=')
        *out = a + n + 1;
    else if (*i + 1 < argc)
        *out = argv[++*i];
    else
        *out = NULL;
    if (!*out || !**out) {
        fprintf(stderr, "corelab teach: %s needs a value\n", name);
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
        if (rc == 0 && teach)
            rc = take_dir(argc, argv, &i, "--class", &o->class_dir);
        if (rc == 0 && teach)
            rc = take_dir(argc, argv, &i, "--summary", &o->summary_dir);
        if (rc == 0 && teach)
            rc = take_dir(argc, argv, &i, "--out", &o->out_dir);
        if (rc == 0 && teach && strcmp(a, "--keep-flags") == 0) {
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
    if (o->out_dir && !o->summary_dir) {
        fprintf(stderr, "corelab teach: --out goes with --summary DIR\n");
        return 2;
    }
    if (!teach && !o->class_dir) {
        fprintf(stderr, "corelab follow: which class? usage: corelab follow DIR\n");
        return 2;
    }
    return 0;
}

bool classmode_start(int argc, char **argv, bool teach, ClassOptions *o, int *rc)
{
    *rc = classmode_parse(argc, argv, teach, o);
    if (*rc)
        return false;
    if (o->ui.help) {
        fputs(teach ? classmode_teach_usage : classmode_follow_usage, stdout);
        return false;
    }
    if (o->ui.version) {
        printf("corelab %s\n", CORELAB_VERSION);
        return false;
    }
    return true;
}

AppConfig classmode_app_config(const ClassOptions *o, const UiModeHooks *mode, void *ctx)
{
    AppConfig cfg = app_config_default();
    cfg.lessons_dir = o->ui.lessons_dir;
    cfg.open_spec = o->ui.open;
    cfg.workspace = o->ui.workspace;
    cfg.ascii = o->ui.ascii;
    cfg.no_color = o->ui.no_color;
    cfg.mode = mode;
    cfg.mode_ctx = ctx;
    return cfg;
}

char *classmode_default_dir(void)
{
    const char *env = getenv("CORELAB_CLASS_DIR");
    if (env && *env)
        return xstrdup(env);
    const char *home = getenv("HOME");
    return path_join(home && *home ? home : "/tmp", "corelab-class");
}
