/* A small vendored device library with a process-wide start and stop, as scanner and bus libraries have. */
static int started;

int devlib_init(int *version)
{
    started = 1;
    *version = 3;
    return 0;
}

void devlib_exit(void)
{
    started = 0;
}

int devlib_count(void)
{
    return started ? 2 : 0;
}
