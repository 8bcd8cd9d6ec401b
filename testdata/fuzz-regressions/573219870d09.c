PyModuleDef_Slot aware_slots[={};PyModuleDef e={,"",e),a,aware_slots
}C
PyInit_(){PyModuleDef_Init;