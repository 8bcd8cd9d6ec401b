t *FromLong(42);
 *     }
 *
 * The API is a table of pointers exported in the capsule "capsbox._C_API".
 * Slots are only ever appended; never reorder them.
 */
ndef H#e H
#ifdef
extern"C"{
#endif
d)PyModuleDef bacon62_module={};P
PyInit_(){m=PyModule_Create(&bacon62_module;