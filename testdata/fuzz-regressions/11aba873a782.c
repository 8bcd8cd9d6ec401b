((r {
bject *r = Record_add_tag((RecordObject *)rec,
                                     PyList_GET_ITEM(tags, i));
        if (r == NULL) {
            Py_CLEAR(rec);
            goto done;
        }
        Py_DECREF(r);
    }P(o){PyModuleDef spamlibmodule={}C
PyInit_(){P m=PyModule_Create(&spamlibmodule;}