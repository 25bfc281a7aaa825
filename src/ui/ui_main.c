#include "ui/ui.h"

#include <stdio.h>

int ui_main(UiMode mode, int argc, char **argv)
{
    (void)mode;
    (void)argc;
    (void)argv;
    fputs("corelab: the terminal UI is not built yet\n", stderr);
    return 2;
}
