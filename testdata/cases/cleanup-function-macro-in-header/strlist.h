#pragma once
#include "macro.h"

char **strlist_free(char **l);
DEFINE_CLEANUP_FUNC(char**, strlist_free);
#define _cleanup_strlist_free_ _cleanup_(strlist_freep)
