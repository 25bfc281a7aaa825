/* lesson/run_argv: a `run` step's command as an argv. There is no shell
 * between corelab and the command, so shell syntax is refused rather than
 * passed on as literal words that would surprise the author. */
#include <stdlib.h>
#include <string.h>

#include "lesson/lesson.h"
#include "util/util.h"

const char *lesson_run_command_problem(const char *command, size_t *at)
{
    static const char *const why[] = {
        ";", "';' is shell syntax; commands run without a shell (put the steps in a script)",
        "|", "'|' is shell syntax; commands run without a shell (put the pipeline in a script)",
        "&", "'&' is shell syntax; commands run without a shell (put the steps in a script)",
        "$", "'$' is shell syntax; commands run without a shell, so nothing would expand it",
        "`", "'`' is shell syntax; commands run without a shell",
        "<", "'<' is shell syntax; commands run without a shell (no redirections)",
        ">", "'>' is shell syntax; commands run without a shell (no redirections)",
        "(", "'(' is shell syntax; commands run without a shell",
        ")", "')' is shell syntax; commands run without a shell",
        "'", "quotes are shell syntax; the command is split on spaces, without a shell",
        "\"", "quotes are shell syntax; the command is split on spaces, without a shell",
        "\\", "'\\' is shell syntax; the command is split on spaces, without a shell",
        "\n", "a command is one line",
        "\r", "a command is one line",
        NULL,
    };
    *at = 0;
    for (size_t i = 0; command[i]; i++) {
        for (size_t k = 0; why[k]; k += 2) {
            if (command[i] == why[k][0]) {
                *at = i;
                return why[k + 1];
            }
        }
    }
    if (command[strspn(command, " \t")] == '\0')
        return "the command is empty";
    return NULL;
}

char **lesson_run_argv(const char *command)
{
    size_t at;
    if (!command || lesson_run_command_problem(command, &at))
        return NULL;
    size_t n = 0, cap = 8;
    char **argv = xmalloc(cap * sizeof *argv);
    const char *p = command;
    for (;;) {
        p += strspn(p, " \t");
        if (!*p)
            break;
        size_t len = strcspn(p, " \t");
        if (n + 2 > cap) {
            cap *= 2;
            argv = xrealloc(argv, cap * sizeof *argv);
        }
        argv[n++] = xstrndup(p, len);
        p += len;
    }
    argv[n] = NULL;
    return argv;
}
