import modnum

M = modnum.ModInt
assert pow(M(2), 10) == 1024
assert pow(2, M(10)) == 1024
assert pow(M(2), 10, 1000) == 24
# Only the modulus is a ModInt: its nb_power is called with it as the third operand.
assert pow(2, 10, M(1000)) == 24
try:
    pow(2, 10, M(-5))
except modnum.ModError as e:
    assert isinstance(e, ValueError)
else:
    raise AssertionError("a negative modulus must raise ModError")

class Sub(M):
    pass

assert pow(2, 3, Sub(5)) == 3
