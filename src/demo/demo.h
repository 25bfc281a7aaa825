/* demo/: the live demos (`corelab demo ...`). Each run happens in its own
 * process; the UI only reads the JSON lines it writes with --json, whose
 * record types, keys and span states stream.h defines for writer and
 * reader alike. Without --json: a table per sweep and a conclusion in
 * plain words.
 *
 * What the demos are, and how to add one, is in registry.h; the options
 * they take, in options.h. */
#ifndef CORELAB_DEMO_H
#define CORELAB_DEMO_H

#include "demo/options.h"
#include "demo/registry.h"
#include "demo/stream.h"

/* `corelab demo list` and `corelab demo NAME ...`; argv[0] is "demo".
 * Returns the exit status (2 for usage errors). */
int demo_cmd(int argc, char **argv);

#endif
