"""Benchmarks for geomkit: each plain function is one benchmark (see docs/cost.md)."""
import geomkit
from geomkit import Vector, Matrix

v = Vector([1, 2, 3])
w = Vector([4, 5, 6])
m = Matrix([[1, 2], [3, 4]])
i2 = geomkit.identity(2)
v2 = Vector([1, 1])


def vector_new():
    Vector((1.0, 2.0, 3.0))


def add():
    v + w


def scale_right():
    2 * v


def dot():
    v * w


def getitem():
    v[1]


def cross():
    geomkit.cross(v, w)


def matmul():
    m @ i2


def matvec():
    m @ v2


def add_type_error():
    try:
        v + 1
    except TypeError:
        pass
