/* A demo on a compute node, Slurm's way: srun runs `corelab demo ... --json`
 * (or `corelab trace --json -- ...`) there and its JSON lines come back
 * through the same pipe, unchanged. */
#include "cluster/sched_int.h"

#include <stdlib.h>

char **slurm_srun_argv(const char *corelab_path, int cpus, const char *partition, const char *subcommand,
                       char *const demo_args[])
{
    size_t n = 0;
    while (demo_args && demo_args[n])
        n++;
    char **argv = xcalloc(n + 8, sizeof *argv);
    size_t i = 0;
    argv[i++] = xstrdup("srun");
    argv[i++] = xasprintf("--cpus-per-task=%d", cpus < 1 ? 1 : cpus);
    argv[i++] = xstrdup("--ntasks=1");
    /* not --quiet: srun says when its job is queued, and its id */
    if (partition && partition[0])
        argv[i++] = xasprintf("--partition=%s", partition);
    argv[i++] = xstrdup(corelab_path);
    argv[i++] = xstrdup(subcommand);
    for (size_t k = 0; k < n; k++)
        argv[i++] = xstrdup(demo_args[k]);
    argv[i] = NULL;
    return argv;
}
