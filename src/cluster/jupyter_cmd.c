#include "cluster/cluster.h"

#include <stdio.h>

int cluster_cmd_jupyter(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("corelab jupyter: not built yet\n", stderr);
    return 2;
}
