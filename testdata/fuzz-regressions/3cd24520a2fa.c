t
e()
#define GLOBAL(name)Object*name=NULL
GLOBAL(c){static Object*;}PyTypeObject PyNpsAccumulator_Type