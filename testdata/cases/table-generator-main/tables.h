#ifndef TABLES_H
#define TABLES_H

/* one decoding entry; only the table code knows this type */
typedef struct {
    unsigned char op;
    unsigned short val;
} entry;

void build_table(entry *out, int n);

#endif
