/* demo/stream: the span states' names (stream.h defines the stream). */
#include "demo/stream.h"

#include <string.h>

static const char *const state_names[STATE_COUNT] = {"idle", "run", "wait", "nogil", "io", "ready"};

const char *stream_state_name(int state)
{
    return state >= 0 && state < STATE_COUNT ? state_names[state] : state_names[STATE_IDLE];
}

int stream_state_from_name(const char *s)
{
    for (int i = 0; s && i < STATE_COUNT; i++)
        if (strcmp(s, state_names[i]) == 0)
            return i;
    return -1;
}
