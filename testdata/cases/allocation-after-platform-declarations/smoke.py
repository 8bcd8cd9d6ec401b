import gc
import pathbox

b = pathbox.open("d\u00e9j\u00e0")
assert isinstance(b, pathbox.PathBox)
assert b.length() == len("d\u00e9j\u00e0".encode("utf-8")), b.length()
del b
gc.collect()
try:
    pathbox.open(b"bytes")
except TypeError:
    pass
else:
    raise AssertionError("bytes accepted")
print("smoke ok")
