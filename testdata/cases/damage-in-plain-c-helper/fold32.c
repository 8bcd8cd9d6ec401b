/* Portable reference code vendored with the module: no Python in it. Its unrolled rounds are a
 * statement macro used without semicolons that takes an operator as an argument, which a parse
 * without the preprocessor cannot read. */
#include <stddef.h>
#include <stdint.h>

uint32_t
fold32(const unsigned char *p, size_t n)
{
    uint32_t acc = 2166136261u;
    size_t i;

    for (i = 0; i + 16 <= n; i += 16) {
#define ROUND(op, k) acc = (acc op p[i + k]) * 16777619u;
        ROUND(^, 0) ROUND(^, 1) ROUND(^, 2) ROUND(^, 3)
        ROUND(^, 4) ROUND(^, 5) ROUND(^, 6) ROUND(^, 7)
        ROUND(^, 8) ROUND(^, 9) ROUND(^, 10) ROUND(^, 11)
        ROUND(^, 12) ROUND(^, 13) ROUND(^, 14) ROUND(^, 15)
#undef ROUND
    }
    for (; i < n; i++) {
        acc = (acc ^ p[i]) * 16777619u;
    }
    return acc;
}
