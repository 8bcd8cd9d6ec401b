#include <Python.h>
/* A tentative definition in a header, as pre-GCC 10 code wrote them (C merges it with the .c's). */
long calls;
