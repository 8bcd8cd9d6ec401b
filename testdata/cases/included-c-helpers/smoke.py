from fractions import Fraction
import fracmod
assert fracmod.half(3) == Fraction(3, 2)
assert fracmod.half(4) == 2
print("smoke ok")
