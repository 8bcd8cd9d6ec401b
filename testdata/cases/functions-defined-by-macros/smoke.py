import wrapops

W = wrapops.Wrapper
a = W(5)
assert a + 2 == 7
assert 2 + a == 7, 2 + a          # the Wrapper is the right operand
assert a - 1 == 4 and 10 - a == 5
assert a * W(3) == 15
assert -a == -5 and abs(W(-4)) == 4
b = W([1])
b += [2]                           # in place on the list: the wrapper is kept
assert isinstance(b, W) and b.unwrap() == [1, 2], b
c = W(1)
c += 1                             # ints are immutable: the result is a plain int
assert c == 2 and not isinstance(c, W)
assert wrapops.is_wrapper(a) and not wrapops.is_wrapper(5)


class Sub(W):
    pass


s = Sub(6)
assert s + 1 == 7 and 1 + s == 7 and -s == -6
try:
    a + "x"
except TypeError:
    pass
else:
    raise AssertionError("5 + 'x' did not raise")
print("smoke ok")
