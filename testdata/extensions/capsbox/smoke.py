import operator
import pickle
import capsbox

assert type(capsbox._C_API).__name__ == "PyCapsule"
before = capsbox.stats()["created"]
b = capsbox.box(41)
assert type(b) is capsbox.CapsBox and b.value == 41 and b.version == 0
b.add()
assert b.value == 42 and b.version == 1 and int(b) == 42 and operator.index(b) == 42
b.add(-2)
assert b.value == 40 and repr(b) == "capsbox.CapsBox(40)"
assert capsbox.stats()["created"] == before + 1
assert capsbox.CapsBox(3) < capsbox.CapsBox(4) and capsbox.CapsBox(3) == capsbox.CapsBox(3)
assert capsbox.CapsBox(value=-1).value == -1
assert issubclass(capsbox.OverflowError, OverflowError)
big = capsbox.CapsBox(2 ** 62)
try:
    for _ in range(4):
        big.add(2 ** 62)
except capsbox.OverflowError as e:
    assert "does not fit" in str(e)
else:
    raise AssertionError
for bad in (lambda: hash(b), lambda: capsbox.box("x"), lambda: capsbox.CapsBox(2 ** 80)):
    try:
        bad()
    except (TypeError, OverflowError):
        pass
    else:
        raise AssertionError
try:
    b.value = 3
except AttributeError:
    pass
else:
    raise AssertionError

class Named(capsbox.CapsBox):
    def __new__(cls, value=0, name=""):
        self = super().__new__(cls, value)
        self.name = name
        return self
n = Named(5, name="five")
n.add(1)
assert n.value == 6 and n.name == "five" and isinstance(n, capsbox.CapsBox)
c = pickle.loads(pickle.dumps(b))
assert c == b and c is not b
print("smoke ok")
