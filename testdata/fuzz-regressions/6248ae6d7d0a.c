(d)I
static t*r PyModuleDef adv956_module={T};C PyInit_(){t*m=PyModule_Create(&adv956_module);ror()}