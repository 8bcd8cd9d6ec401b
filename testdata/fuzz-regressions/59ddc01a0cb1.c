Object*r;
#if P
u=s
PyModuleDef lazyimp_def={_};C
PyInit_(){t*m=PyModule_Create(&lazyimp_def);}