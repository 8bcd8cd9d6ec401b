/* A C library's header that the tool is not given. It names `seen` only as a struct member and as
 * a prototype's parameter: neither is the module's global of that name. */
#ifndef SEEN_H
#define SEEN_H

#ifdef __cplusplus
extern "C" {
#endif

struct seen_set {
    long *items;
    long length;
    long capacity;
};

struct seen_walk {
    struct seen_set *seen;
    long at;
};

struct seen_set *seen_new(void);
int seen_add(struct seen_set *seen, long value);
int seen_has(const struct seen_set *seen, long value);

#ifdef __cplusplus
}
#endif

#endif /* SEEN_H */
