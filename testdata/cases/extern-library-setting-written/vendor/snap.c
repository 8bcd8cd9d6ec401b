/* A small vendored library with a process-wide setting, as C libraries of the 1990s have. */
#include <math.h>

double SNAP_GRID = 1.0;

double snap(double x)
{
    return floor(x / SNAP_GRID + 0.5) * SNAP_GRID;
}
