#include "lesson/lesson.h"

int lesson_cmd_check(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("corelab check: not built yet\n", stderr);
    return 2;
}

int lesson_cmd_list(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("corelab list: not built yet\n", stderr);
    return 2;
}
