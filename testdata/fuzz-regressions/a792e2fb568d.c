PyModuleDef_Slot isoclean_slots[]={}PyModuleDef e={.m_slots=isoclean_slots;C
PyInit_(){PyModuleDef_Init;