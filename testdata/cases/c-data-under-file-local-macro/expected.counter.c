/* The strategy is chosen in this file (as a platform test would), after the includes: the
 * state header that every file of the extension includes at its top cannot see it. */
#include "counter.h"
#include "tally_state.h"

#if defined(__GNUC__) || defined(__clang__)
#define COUNTER_TRACK_PEAK
#endif

#ifdef COUNTER_TRACK_PEAK
static size_t step = 2;
static PyObject *peak_label;
#endif

int
counter_bump(tally_state *st)
{
    st->bumps++;
#ifdef COUNTER_TRACK_PEAK
    if ((size_t)st->bumps * step > st->peak) {
        st->peak = (size_t)st->bumps * step;
    }
    if (st->bumps > 1000) {
        step = 1;
    }
#endif
    return st->bumps;
}

size_t
counter_peak(tally_state *st)
{
#ifdef COUNTER_TRACK_PEAK
    return st->peak;
#else
    return 0;
#endif
}

PyObject *
counter_label(void)
{
#ifdef COUNTER_TRACK_PEAK
    if (peak_label == NULL) {
        peak_label = PyUnicode_FromString("peak");
        if (peak_label == NULL) {
            return NULL;
        }
    }
    Py_INCREF(peak_label);
    return peak_label;
#else
    return PyUnicode_FromString("count");
#endif
}
