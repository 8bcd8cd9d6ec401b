#ifndef TICKS_H
#define TICKS_H
#include <Python.h>
#include "tickmod_state.h"
int ticks_advance(tickmod_state *st, int by);
#ifdef __APPLE__
#include <stdbool.h>
bool mac_note_tick(tickmod_state *st, int n);
#endif
#endif
