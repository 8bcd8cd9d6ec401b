/* Self-written: a second module of the same template. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define MODULE_NAME _xor8 /* the name the template pastes */
#define DIGEST_SIZE 1

typedef struct {
    unsigned long acc;
} hash_state;

static void hash_init(hash_state *s) { s->acc = 0; }

static void
hash_update(hash_state *s, const unsigned char *p, Py_ssize_t n)
{
    while (n-- > 0)
        s->acc ^= *p++;
}

static unsigned long hash_digest(hash_state *s) { return s->acc; }

#include "hash_tmpl.c"
