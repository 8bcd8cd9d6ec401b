"""Benchmarks for shapes: each plain function is one benchmark (see docs/cost.md)."""
from shapes import Rect, Square, Canvas

r = Rect(0, 0, 4, 3)
other = Rect(2, 1, 10, 10)
s = Square(1, 1, 2)
c = Canvas()
for i in range(8):
    c.add(Rect(i, i, 1, 1))


def rect_new():
    Rect(0, 0, 4, 3)


def square_new():
    Square(1, 1, 2)


def area():
    r.area()


def get_x():
    r.x


def scale():
    r * 2


def union():
    r | other


def equal():
    r == other


def vertices():
    for _ in r.vertices():
        pass


def canvas_bounds():
    c.bounds()
