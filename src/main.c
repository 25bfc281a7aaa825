/* corelab: one binary, subcommands dispatched to the folder that owns them. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "class/class.h"
#include "cluster/cluster.h"
#include "demo/demo.h"
#include "lesson/lesson.h"
#include "trace/trace_cmd.h"
#include "ui/ui.h"

static const char usage[] =
    "usage: corelab [--lessons DIR] [--open LESSON[:STEP]] [--ascii] [--no-color]\n"
    "       corelab check [PATH...]      validate lessons\n"
    "       corelab list                 list lessons\n"
    "       corelab demo list | NAME [options] [--json]\n"
    "       corelab trace [--json] [--interval MS] [--seconds S] -- COMMAND [ARGS...]\n"
    "       corelab jupyter start|status|stop|script|list [options]\n"
    "       corelab teach [--class DIR] [--open LESSON[:STEP]]\n"
    "       corelab follow DIR\n"
    "\n"
    "With no command corelab opens the bundled workshop where you left off.\n"
    "`corelab COMMAND --help` describes each command; `man corelab` has more.\n";

/* `corelab SUB --version` and `corelab SUB WORD --version` (demo gil,
 * jupyter start, ...) answer the same as `corelab --version`. */
static bool asks_version(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[2], "--version") == 0)
        return true;
    return argc >= 4 && argv[2][0] != '-' && strcmp(argv[3], "--version") == 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2) {
        const char *cmd = argv[1];
        if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
            fputs(usage, stdout);
            return 0;
        }
        if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0 || asks_version(argc, argv)) {
            printf("corelab %s\n", CORELAB_VERSION);
            return 0;
        }
        if (strcmp(cmd, "check") == 0)
            return lesson_cmd_check(argc - 1, argv + 1);
        if (strcmp(cmd, "list") == 0)
            return lesson_cmd_list(argc - 1, argv + 1);
        if (strcmp(cmd, "demo") == 0)
            return demo_cmd(argc - 1, argv + 1);
        if (strcmp(cmd, "trace") == 0)
            return trace_cmd(argc - 1, argv + 1);
        if (strcmp(cmd, "jupyter") == 0)
            return cluster_cmd_jupyter(argc - 1, argv + 1);
        if (strcmp(cmd, "teach") == 0)
            return ui_main(UI_MODE_TEACH, argc - 1, argv + 1);
        if (strcmp(cmd, "follow") == 0)
            return ui_main(UI_MODE_FOLLOW, argc - 1, argv + 1);
        if (cmd[0] != '-') {
            fprintf(stderr, "corelab: unknown command '%s' (try corelab --help)\n", cmd);
            return 2;
        }
    }
    return ui_main(UI_MODE_WALK, argc, argv);
}
