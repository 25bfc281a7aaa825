/* Test harness: run `corelab SUBCOMMAND ARGS...` (demo or trace) through
 * the argv that Slurm's node_run_argv builds, exactly as the TUI would,
 * and copy its output.
 * usage: srun_demo CORELAB CPUS [PARTITION|-] SUBCOMMAND ARGS... */
#include "cluster/cluster.h"
#include "util/spawn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
    if (argc < 6) {
        fputs("usage: srun_demo CORELAB CPUS PARTITION|- SUBCOMMAND ARGS...\n", stderr);
        return 2;
    }
    const char *partition = strcmp(argv[3], "-") == 0 ? NULL : argv[3];
    char **sargv = scheduler_find("slurm")->node_run_argv(argv[1], atoi(argv[2]), partition, argv[4], argv + 5);
    for (char **p = sargv; *p; p++)
        fprintf(stderr, "%s%s", p == sargv ? "argv: " : " ", *p);
    fputc('\n', stderr);
    SpawnOpts o = spawn_opts_default();
    o.merge_stderr = false; /* the JSON stream alone on stdout */
    char *out = NULL;
    int status = 0;
    int rc = run_capture(sargv, &o, 120.0, 1 << 20, &out, &status);
    argv_free(sargv);
    if (rc) {
        fprintf(stderr, "srun_demo: %s\n", strerror(rc));
        return 1;
    }
    fputs(out, stdout);
    free(out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
