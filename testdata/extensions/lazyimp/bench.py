"""Benchmarks for lazyimp: each plain function is one benchmark (see docs/cost.md)."""
import datetime
import decimal
import lazyimp

td = datetime.timedelta(days=1, seconds=2)
d = decimal.Decimal("1.5")
lazyimp.register(int, abs)
lazyimp.set_describer(repr)


def total_seconds():
    lazyimp.total_seconds(td)


def to_decimal_same():
    lazyimp.to_decimal(d)


def to_decimal_float():
    lazyimp.to_decimal(0.5)


def convert():
    lazyimp.convert(21)


def lazy_module():
    lazyimp.lazy_module("json")


def describe():
    lazyimp.describe(d)
