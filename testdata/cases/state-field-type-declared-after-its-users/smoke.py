import vec

z = vec.zero()
assert isinstance(z, vec.Vec)
assert z.norm2() == 0.0
assert vec.zero() is z
assert issubclass(vec.Error, Exception)
print("smoke ok")
