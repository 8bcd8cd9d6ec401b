import gc
import weakref
import offsets

n = offsets.Node(5)
r = weakref.ref(n)
assert r() is n
n.label = "x"                    # instance __dict__ from tp_dictoffset
assert n.label == "x"
a = offsets.Node()
b = offsets.Node(a)
a.other = b                      # a cycle through the dict
del a, b, n
gc.collect()
assert r() is None
assert offsets.Node.__module__ == "offsets"

class Sub(offsets.Node):
    pass

c = Sub(1).spawn()
assert type(c) is offsets.Node
print("smoke ok")
