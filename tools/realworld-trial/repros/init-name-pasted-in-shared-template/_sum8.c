/* Self-written: one module of the template: its name and its algorithm, then the template. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define MODULE_NAME _sum8
#define DIGEST_SIZE 1

typedef struct {
    unsigned long sum;
} hash_state;

static void hash_init(hash_state *s) { s->sum = 0; }

static void
hash_update(hash_state *s, const unsigned char *p, Py_ssize_t n)
{
    while (n-- > 0)
        s->sum = (s->sum + *p++) & 0xff;
}

static unsigned long hash_digest(hash_state *s) { return s->sum; }

#include "hash_tmpl.c"
