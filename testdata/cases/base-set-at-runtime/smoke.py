import gc
import kvparse
assert kvparse.parse("a=1;b=two") == {"a": "1", "b": "two"}
assert issubclass(kvparse.ParseError, ValueError)
try:
    kvparse.parse("a=1;oops")
except kvparse.ParseError as e:
    assert e.position == 8 and e.args == ("expected '='",), (e.position, e.args)
else:
    raise AssertionError("no ParseError")
try:
    kvparse.parse("x")
except ValueError as e:
    assert isinstance(e, kvparse.ParseError) and e.position == 1
class Mine(kvparse.ParseError):
    pass
e = Mine("m")
e.cycle = e
del e
gc.collect()
print("smoke ok")
