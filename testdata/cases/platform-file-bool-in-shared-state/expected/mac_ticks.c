/* Built only on macOS (the build script adds it there); needs the platform's framework headers. */
#include <stdbool.h>
#include <CoreFoundation/CoreFoundation.h>
#include "ticks.h"
#include "tickmod_state.h"

bool
mac_note_tick(tickmod_state *st, int n)
{
    if (!st->announced) {
        CFShow(CFSTR("ticks started"));
        st->announced = true;
    }
    return n > 0;
}
