/* The folded form of a key, in place: the caller checks the type first. */
#ifndef CISET_FOLD_H
#define CISET_FOLD_H

#define FOLD_KEY(st, key) PyObject_CallMethodObjArgs((key), st->str_lower, NULL)

#endif /* CISET_FOLD_H */
