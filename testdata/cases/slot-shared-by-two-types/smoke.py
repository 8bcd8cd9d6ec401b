import tagset

a = tagset.TagSet(["b", "a"])
f = tagset.FrozenTagSet(["c"])
assert repr(a) == "tagset.TagSet(tags=['a', 'b'])", repr(a)
assert repr(tagset.FrozenTagSet()) == "tagset.FrozenTagSet(tags=[])"
assert len(a) == 2 and len(f) == 1
assert a == tagset.FrozenTagSet(["a", "b"])
assert a != f
u = a | f
assert type(u) is tagset.TagSet and len(u) == 3
assert type(f | a) is tagset.FrozenTagSet
class Sub(tagset.TagSet):
    pass
s = Sub(["x"])
assert repr(s) == "Sub(tags=['x'])", repr(s)
assert type(s | a) is Sub
assert (a == 1) is False
try:
    class Bad(tagset.FrozenTagSet):
        pass
except TypeError:
    pass
else:
    raise AssertionError("FrozenTagSet is final")
print("smoke ok")
