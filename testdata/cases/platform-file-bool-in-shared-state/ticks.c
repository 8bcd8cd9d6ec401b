/* Process-wide counter kept by a helper file; on macOS it also tells a system service (a file only built there). */
#include "ticks.h"

static int total = 0;

int
ticks_advance(int by)
{
    total += by;
#ifdef __APPLE__
    mac_note_tick(total);
#endif
    return total;
}
