/* Key helpers: the folded form of a key (the caller checks the type). */
#ifndef CISET_KEYS_H
#define CISET_KEYS_H

#define FOLDED(st, key) PyObject_CallMethodObjArgs((key), st->str_lower, NULL)

#endif /* CISET_KEYS_H */
