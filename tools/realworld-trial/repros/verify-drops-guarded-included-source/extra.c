#define HELPER_COMMON_ONLY
#include "helper.c"

int extra_thrice(int x) { return clamp(3 * x); }
