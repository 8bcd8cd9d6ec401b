(d)D
static t*r PyModuleDef adv956_module={T};U PyInit_(){P*m=PyModule_Create(&adv956_module){}}