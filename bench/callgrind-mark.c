/* pyext_isolate_mark(name): dumps callgrind's counters under `name` and resets them (a client
 * request: a no-op outside valgrind). Loaded with ctypes by the cost harness's count mode, so that
 * one process under callgrind counts every benchmark's loop apart (bench/cost-instructions.ts). */
#include <valgrind/callgrind.h>

void pyext_isolate_mark(const char *name)
{
    CALLGRIND_DUMP_STATS_AT(name);
}
