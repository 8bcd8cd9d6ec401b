"""Benchmarks for npstyle: each plain function is one benchmark (see docs/cost.md)."""
import array
import npstyle

d = array.array("d", [0.1] * 16)
i = array.array("i", [3, -1, 7, 2])
acc = npstyle.Accumulator(1.0)


def sum_double():
    npstyle.sum(d)


def minmax_int():
    npstyle.minmax(i)


def scale():
    npstyle.scale(i, 1)


def fill():
    npstyle.fill(i, 4)


def to_decimal():
    npstyle.to_decimal(7)


def accumulator_add():
    acc.add(2)


def sum_type_error():
    try:
        npstyle.sum(3)
    except TypeError:
        pass
