#include "units.h"

struct unit_factor {
    const char *name;
    double to_metres;
};

static const struct unit_factor factors[] = {
    {"INCH", 0.0254},
    {"FOOT", 0.3048},
    {"YARD", 0.9144},
    {"MILE", 1609.344},
};

static int
add_factors(PyObject *mod)
{
    size_t i;

    for (i = 0; i < sizeof(factors) / sizeof(factors[0]); i++) {
        PyObject *value = PyFloat_FromDouble(factors[i].to_metres);
        if (value == NULL) {
            return -1;
        }
        if (PyModule_AddObject(mod, factors[i].name, value) < 0) {
            Py_DECREF(value);
            return -1;
        }
    }
    return 0;
}

int
units_setup(PyObject *module)
{
    if (add_factors(module) < 0)
        return -1;
    if (PyModule_AddIntConstant(module, "FACTOR_COUNT", (long)(sizeof(factors) / sizeof(factors[0]))) < 0) {
        return -1;
    }
    return 0;
}
