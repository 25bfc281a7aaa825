/* ui/keys: looking keys up in a key table. */
#include "ui/keys.h"

#include <stddef.h>

const KeyBinding *keys_find(const KeyBinding *table, int key)
{
    for (const KeyBinding *b = table; b && b->names; b++) {
        if (b->range_lo && key >= b->range_lo && key <= b->range_hi)
            return b;
        for (int i = 0; i < KEYS_PER_BINDING && b->keys[i]; i++)
            if (b->keys[i] == key)
                return b;
    }
    return NULL;
}

bool keys_dispatch(const KeyBinding *table, void *ctx, int key)
{
    const KeyBinding *b = keys_find(table, key);
    return b && b->run && b->run(ctx, key);
}

int keys_count(const KeyBinding *table)
{
    int n = 0;
    while (table && table[n].names)
        n++;
    return n;
}
