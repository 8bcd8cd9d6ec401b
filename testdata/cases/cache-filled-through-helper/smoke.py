import cachehelper as m
f = m.make_fraction(3, 6)
assert (f.numerator, f.denominator) == (1, 2)
assert m.make_fraction(5) == 5
assert m.gcd_of(12, 18) == 6
print("smoke ok")
