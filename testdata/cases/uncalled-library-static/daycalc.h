/* A small vendored calendar library: reentrant functions and the classic
 * non-reentrant variants that return a pointer to a static result. */
#ifndef DAYCALC_H
#define DAYCALC_H

struct day_parts {
    long year;
    int month;
    int day;
};

struct day_parts *daycalc_split_r(long days, struct day_parts *out);
struct day_parts *daycalc_split(long days);
long daycalc_join(const struct day_parts *parts);

#endif
