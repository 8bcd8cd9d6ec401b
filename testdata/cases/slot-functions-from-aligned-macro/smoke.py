import bitsets

B = bitsets.bitset
a, b = B(0b1100), B(0b1010)
assert (a & b).value() == 0b1000
assert (a | b).value() == 0b1110
assert (a ^ b).value() == 0b0110
assert repr(a & b) == "bitset(8)", repr(a & b)
c = B(0b1100)
d = c
c &= b                                  # in place: the same object
assert c is d and c.value() == 0b1000
c |= B(1)
c ^= B(0b1001)
assert c.value() == 0, c.value()
assert a.count_set(b) == 2 and B(5).count_clear(a) == 1
for bad in (lambda: a & 3, lambda: 3 | a, lambda: a.count_set(3)):
    try:
        bad()
    except TypeError:
        pass
    else:
        raise AssertionError("no TypeError")


class Sub(B):
    pass


s = Sub(3)
assert (s & B(1)).value() == 1 and (B(2) | s).value() == 3
s ^= B(1)
assert isinstance(s, Sub) and s.value() == 2
print("smoke ok")
