/* Process-wide counter kept by a helper file; on macOS it also tells a system service (a file only built there). */
#include "ticks.h"
#include "tickmod_state.h"

int
ticks_advance(tickmod_state *st, int by)
{
    st->total += by;
#ifdef __APPLE__
    mac_note_tick(st, st->total);
#endif
    return st->total;
}
