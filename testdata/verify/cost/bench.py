"""Benchmarks for the vcost fixture: each plain function is one benchmark."""
import vcost

pair = vcost.Pair(1, 2)


def add():
    vcost.add(1, 2)


def target():
    vcost.target()


def swap():
    pair.swap()
