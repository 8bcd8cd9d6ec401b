import _levels

f = _levels.Filter(_levels.ERROR)
assert f.passes(40) and not f.passes(_levels.DEBUG)
assert _levels.Filter().passes(0)
_levels.check(20)
try:
    _levels.check(25)
except _levels.LevelError as e:
    assert "25" in str(e) and isinstance(e, ValueError)
else:
    raise AssertionError("no LevelError")
try:
    _levels.Filter(99)
except _levels.LevelError:
    pass
else:
    raise AssertionError("no LevelError from Filter")
print("smoke ok")
