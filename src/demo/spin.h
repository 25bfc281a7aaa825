/* demo/spin: a fixed amount of CPU work that no compiler can remove or
 * vectorise, for the demos whose tasks only need to take time. */
#ifndef CORELAB_DEMO_SPIN_H
#define CORELAB_DEMO_SPIN_H

#include <stdint.h>

/* About 1 ns per step on a current core: a dependent multiply-xor chain. */
static inline uint64_t spin_steps(uint64_t x, uint64_t steps)
{
    for (uint64_t i = 0; i < steps; i++) {
        x ^= x >> 31;
        x *= 0x9E3779B97F4A7C15ull;
    }
    return x;
}

#endif
