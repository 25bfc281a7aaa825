#include "demo/demo.h"

#include <stdio.h>

int demo_cmd(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("corelab demo: not built yet\n", stderr);
    return 2;
}
