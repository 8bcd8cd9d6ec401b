"""Benchmarks for boxapi: each plain function is one benchmark (see docs/cost.md)."""
import boxapi

b = boxapi.Box(7)


def make():
    boxapi.make(41)


def box_new():
    boxapi.Box(7)


def get():
    b.get()


def value():
    boxapi.value(b)


def value_error():
    try:
        boxapi.value(3)
    except boxapi.BoxError:
        pass
