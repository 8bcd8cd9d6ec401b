"""Benchmarks for lazyproxy: each plain function is one benchmark (see docs/cost.md).
The hot paths of a proxy: binary operators with the proxy on either side, construction,
forwarded protocols and a method."""
from lazyproxy import Proxy

p = Proxy(lambda: 41)
q = Proxy(lambda: 3)
p + 1
q + 1


def add_right_int():
    p + 1


def add_left_int():
    1 + p


def sub_proxies():
    p - q


def mul_int():
    p * 2


def lshift_int():
    p << 1


def construct():
    Proxy(int)


def repr_():
    repr(q)


def getattr_():
    p.real


def resolve():
    q.__resolve__()
