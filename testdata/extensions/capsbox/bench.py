"""Benchmarks for capsbox: each plain function is one benchmark (see docs/cost.md)."""
import capsbox

b = capsbox.CapsBox(3)
c = capsbox.CapsBox(4)


def box():
    capsbox.box(41)


def new():
    capsbox.CapsBox(3)


def add():
    b.add(0)


def value():
    b.value


def compare():
    b < c


def index():
    int(b)


def stats():
    capsbox.stats()
