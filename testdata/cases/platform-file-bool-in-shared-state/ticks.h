#ifndef TICKS_H
#define TICKS_H
#include <Python.h>
int ticks_advance(int by);
#ifdef __APPLE__
#include <stdbool.h>
bool mac_note_tick(int n);
#endif
#endif
