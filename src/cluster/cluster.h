/* cluster/: the workshop's Jupyter job on Slurm or PBS. */
#ifndef CORELAB_CLUSTER_H
#define CORELAB_CLUSTER_H

/* `corelab jupyter start|status|stop|script|list ...`; argv[0] is "jupyter". */
int cluster_cmd_jupyter(int argc, char **argv);

#endif
