/* found only through -I testdata/verify/flags/inc */
#define VFLAGS_ANSWER 42
