import warnings
import ordkit

assert ordkit.sorted_by([3, 1, 2], lambda x: -x) == [3, 2, 1]
assert ordkit.sorted_by("cab", str) == ["a", "b", "c"]
try:
    ordkit.sorted_by([1], 5)
except ordkit.OrderError as e:
    assert "callable" in str(e)
else:
    raise AssertionError("a non-callable key should raise")
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    assert ordkit.sorted_by(range(1001), lambda x: x)[:2] == [0, 1]
assert any(issubclass(x.category, ordkit.OrderWarning) for x in w)
print("smoke ok")
