#include "tables.h"

void
build_table(entry *out, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        out[i].op = (unsigned char)(i & 7);
        out[i].val = (unsigned short)(i * 3);
    }
}

int
table_lookup(int i, int *op, int *val)
{
    entry table[16];

    build_table(table, 16);
    *op = table[i].op;
    *val = table[i].val;
    return 0;
}

#ifdef GEN_TABLES
/* Built on its own (cc -DGEN_TABLES tables.c), this file prints the table
   that input.c would otherwise compute. */
#include <stdio.h>

static void
write_table(void)
{
    static entry fixed[16];
    int i;

    build_table(fixed, 16);
    for (i = 0; i < 16; i++) {
        printf("{%u,%u},\n", fixed[i].op, fixed[i].val);
    }
}

int
main(void)
{
    write_table();
    return 0;
}
#endif
