static int clamp(int x) { return x < 0 ? 0 : x; }

#ifndef HELPER_COMMON_ONLY
int helper_twice(int x) { return clamp(2 * x); }
#endif
