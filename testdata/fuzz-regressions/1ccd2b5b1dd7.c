static Object*str_curd0 Object*s;(t)#L(str_curd0
PyModuleDef widget69_module={};C PyInit_(){t*m=PyModule_Create(&widget69_module);}