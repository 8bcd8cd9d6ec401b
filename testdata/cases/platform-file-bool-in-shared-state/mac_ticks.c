/* Built only on macOS (the build script adds it there); needs the platform's framework headers. */
#include <stdbool.h>
#include <CoreFoundation/CoreFoundation.h>
#include "ticks.h"

bool
mac_note_tick(int n)
{
    static bool announced = false;
    if (!announced) {
        CFShow(CFSTR("ticks started"));
        announced = true;
    }
    return n > 0;
}
