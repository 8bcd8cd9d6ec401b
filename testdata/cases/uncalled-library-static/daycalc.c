#include "daycalc.h"

/* The result of the non-reentrant variant. */
static struct day_parts last_split;

static long
days_from_civil(long y, int m, int d)
{
    long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct day_parts *
daycalc_split_r(long days, struct day_parts *out)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;

    out->day = (int)(doy - (153 * mp + 2) / 5 + 1);
    out->month = (int)(mp < 10 ? mp + 3 : mp - 9);
    out->year = yoe + era * 400 + (out->month <= 2);
    return out;
}

/* Not thread-safe: kept for C callers of the library's old interface. */
struct day_parts *
daycalc_split(long days)
{
    return daycalc_split_r(days, &last_split);
}

long
daycalc_join(const struct day_parts *parts)
{
    return days_from_civil(parts->year, parts->month, parts->day);
}
