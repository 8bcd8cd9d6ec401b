import cifold

assert cifold.fold("MiXeD") == "mixed"
try:
    cifold.fold(b"x")
except TypeError:
    pass
else:
    raise AssertionError("fold(bytes) should raise")
print("smoke ok")
