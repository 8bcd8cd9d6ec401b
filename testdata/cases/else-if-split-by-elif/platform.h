#ifndef PLATFORM_H
#define PLATFORM_H
#if defined(__x86_64__) || defined(__i386__)
# define HAVE_FAST_PATH_X86
#elif defined(__aarch64__)
# define HAVE_FAST_PATH_ARM
#endif
#endif
