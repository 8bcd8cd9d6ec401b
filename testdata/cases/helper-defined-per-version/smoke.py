import framekind


class Shape:
    def area(self):
        return 0

    @classmethod
    def unit(cls):
        return cls()

    @staticmethod
    def sides(n):
        return n


def free(x, y):
    return x + y


assert framekind.code_kind(Shape.area) == "method"
assert framekind.code_kind(Shape.unit.__func__) == "classmethod"
assert framekind.code_kind(Shape.sides) == "function"
assert framekind.code_kind(free.__code__) == "function"
assert framekind.code_kind(lambda: 0) == "function"
try:
    framekind.code_kind(1)
except TypeError:
    pass
else:
    raise AssertionError("no TypeError")
print("smoke ok")
