import ranges

assert ranges.clamp(5, 0, 3) == 3
assert ranges.clamp(-2, 0, 3) == 0
assert ranges.clamp(2, 0, 3) == 2
try:
    ranges.clamp(1, 4, 3)
except ranges.OutOfRange as e:
    assert 'empty range [4, 3]' in str(e)
    assert isinstance(e, ValueError)
else:
    raise AssertionError('no OutOfRange')
assert ranges.span([3, 1, 2]) == (1, 3)
assert ranges.span([]) == (0, 0)
assert ranges.span.__doc__.startswith('span($module, values, /)') or 'default span' in ranges.span.__doc__
print("smoke ok")
