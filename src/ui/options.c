/* ui/options: the walker's command line. */
#include "ui/ui_internal.h"

#include <stdlib.h>
#include <string.h>

const char ui_usage[] =
    "usage: corelab [--lessons DIR] [--open LESSON[:STEP]] [--workspace DIR] [--ascii]\n"
    "               [--no-color]\n"
    "\n"
    "Opens the lessons (the bundled workshop by default) where you left off.\n"
    "  --lessons DIR         lessons from DIR instead of the bundled workshop\n"
    "  --open LESSON[:STEP]  start at a lesson id and step (counted from 1)\n"
    "  --workspace DIR       where exercises are copied for you to edit (DIR/LESSON/); default\n"
    "                        the config's `workspace`, else ~/corelab-work\n"
    "  --ascii               plain ASCII output, no line-drawing or other UTF-8 glyphs\n"
    "  --no-color            no colours (so does a non-empty NO_COLOR)\n"
    "  --help, --version\n"
    "Keys: arrows and PgUp/PgDn move, g index, / search, ? help, q quit.\n"
    "Other commands: corelab check|list|demo|jupyter|teach|follow (corelab --help).\n";

/* "--flag VALUE" or "--flag=VALUE"; advances *i past a separate value. */
static int take_value(int argc, char **argv, int *i, const char *cmd, const char *flag,
                      const char **out)
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
        fprintf(stderr, "%s: %s needs a value\n", cmd, flag);
        return 2;
    }
    return 1;
}

static bool is_flag(const char *a, const char *flag)
{
    size_t n = strlen(flag);
    return strncmp(a, flag, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

int ui_option_common(int argc, char **argv, int *i, const char *cmd, bool allow_open, UiOptions *o)
{
    const char *a = argv[*i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
        o->help = true;
    else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0)
        o->version = true;
    else if (strcmp(a, "--ascii") == 0)
        o->ascii = true;
    else if (strcmp(a, "--no-color") == 0 || strcmp(a, "--no-colour") == 0)
        o->no_color = true;
    else if (is_flag(a, "--lessons"))
        return take_value(argc, argv, i, cmd, "--lessons", &o->lessons_dir);
    else if (is_flag(a, "--workspace"))
        return take_value(argc, argv, i, cmd, "--workspace", &o->workspace);
    else if (allow_open && is_flag(a, "--open")) {
        int rc = take_value(argc, argv, i, cmd, "--open", &o->open);
        char *id;
        int step;
        if (rc != 1)
            return rc;
        if (ui_parse_open(o->open, &id, &step) < 0) {
            fprintf(stderr, "%s: --open wants LESSON or LESSON:STEP with STEP a number from 1, not '%s'\n",
                    cmd, o->open);
            return 2;
        }
        free(id);
    } else
        return 0;
    return 1;
}

int ui_options_parse(int argc, char **argv, UiOptions *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        int rc = ui_option_common(argc, argv, &i, "corelab", true, o);
        if (rc == 2)
            return 2;
        if (rc == 1)
            continue;
        if (argv[i][0] == '-')
            fprintf(stderr, "corelab: unknown option '%s' (try corelab --help)\n", argv[i]);
        else
            fprintf(stderr, "corelab: unexpected argument '%s' (try corelab --help)\n", argv[i]);
        return 2;
    }
    return 0;
}

int ui_parse_open(const char *spec, char **id, int *step)
{
    const char *colon = strrchr(spec, ':');
    size_t idlen = colon ? (size_t)(colon - spec) : strlen(spec);
    if (idlen == 0)
        return -1;
    long s = 0;
    if (colon && !parse_long(colon + 1, 1, 1000000, &s))
        return -1;
    *id = xstrndup(spec, idlen);
    *step = (int)s; /* 0: not given */
    return 0;
}
