/* corelab: one binary, subcommands dispatched to the folder that owns them.
 *
 * Adding a command is one line in `commands` below: its name, its usage
 * (what follows "corelab NAME" in `corelab --help`, and a few words on
 * what it does, or NULL), and its handler, which gets argv from the
 * command's name on and returns the exit status. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "class/class.h"
#include "cluster/cluster.h"
#include "demo/demo.h"
#include "lesson/lesson.h"
#include "trace/trace_cmd.h"
#include "ui/ui.h"

typedef struct {
    const char *name;
    const char *usage; /* after "corelab NAME "; NULL: not in --help */
    const char *about; /* a few words after the usage, or NULL */
    int (*run)(int argc, char **argv);
} Command;

static int show_usage(int argc, char **argv);
static int show_version(int argc, char **argv);
static int teach(int argc, char **argv) { return ui_main(UI_MODE_TEACH, argc, argv); }
static int follow(int argc, char **argv) { return ui_main(UI_MODE_FOLLOW, argc, argv); }

static const Command commands[] = {
    {"check", "[PATH...]", "validate lessons", lesson_cmd_check},
    {"list", "", "list lessons", lesson_cmd_list},
    {"demo", "list | NAME [options] [--json]", NULL, demo_cmd},
    {"trace", "[--json] [--interval MS] [--seconds S] -- COMMAND [ARGS...]", NULL, trace_cmd},
    {"jupyter", "start|status|stop|script|list [options]", NULL, cluster_cmd_jupyter},
    {"teach", "[--class DIR] [--open LESSON[:STEP]] | teach --summary DIR", NULL, teach},
    {"follow", "DIR", NULL, follow},
    {"help", NULL, NULL, show_usage},
    {"--help", NULL, NULL, show_usage},
    {"-h", NULL, NULL, show_usage},
    {"--version", NULL, NULL, show_version},
    {"-V", NULL, NULL, show_version},
    /* for the build (the man page's KEYS) and the tests */
    {"--keys-roff", NULL, NULL, ui_cmd_keys_roff},
    {"--keys-list", NULL, NULL, ui_cmd_keys_list},
};

static const Command *command_find(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static int show_usage(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("usage: corelab [--lessons DIR] [--open LESSON[:STEP]] [--ascii] [--no-color]\n", stdout);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        const Command *c = &commands[i];
        if (!c->usage)
            continue;
        char line[160];
        snprintf(line, sizeof line, "corelab %s%s%s", c->name, c->usage[0] ? " " : "", c->usage);
        if (c->about)
            printf("       %-28s %s\n", line, c->about);
        else
            printf("       %s\n", line);
    }
    fputs("\n"
          "With no command corelab opens the bundled workshop where you left off.\n"
          "`corelab COMMAND --help` describes each command; `man corelab` has more.\n",
          stdout);
    return 0;
}

static int show_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("corelab %s\n", CORELAB_VERSION);
    return 0;
}

/* `corelab SUB --version` and `corelab SUB WORD --version` (demo gil,
 * jupyter start, ...) answer the same as `corelab --version`; after
 * `trace`, a word is the traced program's and so are its options. */
static bool asks_version(const Command *c, int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[2], "--version") == 0)
        return true;
    bool program_follows = c && c->run == trace_cmd;
    return !program_follows && argc >= 4 && argv[2][0] != '-' && strcmp(argv[3], "--version") == 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return ui_main(UI_MODE_WALK, argc, argv);
    const Command *c = command_find(argv[1]);
    if (c && c->run == show_usage)
        return show_usage(argc - 1, argv + 1);
    if (asks_version(c, argc, argv))
        return show_version(argc - 1, argv + 1);
    if (c)
        return c->run(argc - 1, argv + 1);
    if (argv[1][0] != '-') {
        fprintf(stderr, "corelab: unknown command '%s' (try corelab --help)\n", argv[1]);
        return 2;
    }
    return ui_main(UI_MODE_WALK, argc, argv);
}
