import array
import decimal
import fractions
import warnings
import npstyle

assert npstyle.__version__ == "0.9.1"

d = array.array("d", [0.1] * 10)
assert npstyle.sum(d) == 1.0            # compensated: plain summation gives 0.9999999999999999
assert npstyle.sum(array.array("i", [1, 2, 3])) == 6.0
assert npstyle.sum(array.array("l", [-5, 5, 7])) == 7.0
assert npstyle.sum(array.array("f", [0.5, 0.25])) == 0.75
assert npstyle.sum(memoryview(array.array("d", [])))  == 0.0
assert npstyle.minmax(array.array("i", [3, -1, 7])) == (-1.0, 7.0)
assert npstyle.minmax(array.array("d", [2.5, 1.5])) == (1.5, 2.5)
lo, hi = npstyle.minmax(array.array("d", [1.0, float("nan"), 3.0]))
assert lo != lo and hi != hi            # NaN propagates
for bad, exc in ((lambda: npstyle.minmax(array.array("d")), ValueError),
                 (lambda: npstyle.sum(b"abc"), TypeError),
                 (lambda: npstyle.sum(3), TypeError),
                 (lambda: npstyle.scale(b"ab", 2), (TypeError, BufferError)),
                 (lambda: npstyle.fill(array.array("i", [0]), 1.5), TypeError),
                 (lambda: npstyle.fill(array.array("i", [0]), 2 ** 40), OverflowError),
                 (lambda: npstyle.fill(array.array("d", [0]), "x"), TypeError)):
    try:
        bad()
    except exc:
        pass
    else:
        raise AssertionError(exc)
try:
    npstyle.minmax(array.array("d"))
except ValueError as e:
    assert str(e) == "minmax() of an empty buffer"

a = array.array("i", [1, 2, 3])
npstyle.scale(a, 3)
assert a.tolist() == [3, 6, 9]
npstyle.fill(a, 4)
assert a.tolist() == [4, 4, 4]
f = array.array("f", [0, 0])
npstyle.fill(buffer=f, value=fractions.Fraction(1, 2))
assert f.tolist() == [0.5, 0.5]
npstyle.fill(array.array("l", [0]), True)
info = npstyle.buffer_info(array.array("d", [1, 2]))
assert info == {"format": "d", "itemsize": 8, "count": 2}, info

class Custom:
    def __nps_sum__(self):
        return 42
assert npstyle.sum(Custom()) == 42

assert npstyle.as_fraction(0.5) == fractions.Fraction(1, 2)
assert npstyle.as_fraction("3/4") == fractions.Fraction(3, 4)
assert npstyle.to_decimal(0.1) == decimal.Decimal("0.1")
assert npstyle.to_decimal(7) == decimal.Decimal(7)

with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    assert npstyle.legacy_sum(array.array("i", [2, 2])) == 4.0
assert w and issubclass(w[0].category, DeprecationWarning)

acc = npstyle.Accumulator(1.0)
acc.add(2)
acc.extend(array.array("d", [0.5, 0.5]))
acc.extend([1, 2, 3])
assert acc.value == 10.0 and acc.count == 6, (acc.value, acc.count)
assert repr(acc) == "Accumulator(value=10.0, count=6)"
acc.reset()
assert acc.value == 0.0 and acc.count == 0
try:
    acc.extend(b"xy")
except TypeError:
    pass
else:
    raise AssertionError
try:
    class Sub(npstyle.Accumulator):
        pass
except TypeError:
    pass
else:
    raise AssertionError("Accumulator must not be subclassable")
print("smoke ok")
