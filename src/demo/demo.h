/* demo/: the live demos (`corelab demo ...`). Each run happens in its own
 * process; the UI only reads the JSON lines it writes. */
#ifndef CORELAB_DEMO_H
#define CORELAB_DEMO_H

#include "demo/catalogue.h"

/* `corelab demo list` and `corelab demo NAME ...`; argv[0] is "demo".
 * Returns the exit status (2 for usage errors). */
int demo_cmd(int argc, char **argv);

#endif
