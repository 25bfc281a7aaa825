/* trace/: `corelab trace [--json] [--interval MS] [--seconds S] -- COMMAND
 * ARGS...`: runs a real program (no shell) and samples every thread of it
 * and of the processes it starts from /proc, without privileges (DESIGN.md
 * "Tracing real programs"). Prints a table per thread and a verdict, or
 * streams the demos' records (demo/stream.h). */
#ifndef CORELAB_TRACE_CMD_H
#define CORELAB_TRACE_CMD_H

/* argv[0] is "trace". Returns the exit status: the program's (128+N when
 * signal N ended it), 124 when --seconds stopped it, 126 when it cannot be
 * executed, 127 when it is not found, 2 on a usage error, 1 when it could
 * not be traced, 128+N when signal N interrupted corelab. */
int trace_cmd(int argc, char **argv);

#endif
