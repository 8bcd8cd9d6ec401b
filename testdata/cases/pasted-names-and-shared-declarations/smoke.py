import pasted
assert pasted.names() == ("__dict__", "__name__", ())
s = pasted.Spec()
class O: pass
o = O(); o.x = 1
assert s.get_dict(o) == {"x": 1}
class Sub(pasted.Spec): pass
assert isinstance(Sub(), pasted.Spec)
print("smoke ok")
