import gc
import capsboxuser
import capsbox

b = capsboxuser.make(20)
assert type(b) is capsbox.CapsBox and b.value == 20
assert capsboxuser.double(b) is b and b.value == 40 and b.version == 1
assert capsboxuser.is_box(b) and not capsboxuser.is_box(40)
z = capsboxuser.zero()
assert z is capsboxuser.zero() and z.value == 0
assert capsboxuser.total([b, z, capsbox.CapsBox(2)]) == 42
try:
    capsboxuser.double(3)
except TypeError:
    pass
else:
    raise AssertionError
try:
    capsboxuser.total([b, "x"])
except TypeError:
    pass
else:
    raise AssertionError

t = capsboxuser.Tally(5)
assert isinstance(t, capsbox.CapsBox) and capsboxuser.is_box(t)
assert t.hit() == 1 and t.hit() == 2 and t.hits == 2 and t.value == 7
assert repr(t) == "capsboxuser.Tally(7)"
assert int(t) == 7 and t == capsbox.CapsBox(7)
try:
    class T2(capsboxuser.Tally):
        pass
except TypeError:
    pass
else:
    raise AssertionError("Tally is final")
gc.collect()
print("smoke ok")
