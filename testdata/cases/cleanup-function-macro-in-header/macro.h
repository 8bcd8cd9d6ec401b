#pragma once
#include <stdlib.h>

/* systemd's style: cleanup attributes, and a macro that defines the cleanup function of a type. */
#define _cleanup_(f) __attribute__((cleanup(f)))

#define DEFINE_CLEANUP_FUNC(type, func)                         \
        static inline void func##p(type *p) {                   \
                if (*p)                                         \
                        func(*p);                               \
        }                                                       \
        struct __semicolon_after_cleanup_func__

static inline void freep(void *p) {
        free(*(void **)p);
}

#define _cleanup_free_ _cleanup_(freep)
