/* A small client library with a process-wide init that counts its callers, as database clients have. */
#include <string.h>

static int init_calls;

int dblib_library_init(int argc, char **argv, char **groups)
{
    (void)argc;
    (void)argv;
    (void)groups;
    init_calls++;
    return 0;
}

int dblib_ready(void)
{
    return init_calls > 0;
}

unsigned long dblib_escape(char *to, const char *from, unsigned long length)
{
    unsigned long n = 0, i;

    for (i = 0; i < length; i++) {
        if (from[i] == '\'' || from[i] == '\\')
            to[n++] = '\\';
        to[n++] = from[i];
    }
    to[n] = '\0';
    return n;
}
