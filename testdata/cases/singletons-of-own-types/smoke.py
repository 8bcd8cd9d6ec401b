import gc
import sentinels

Missing = sentinels.Missing
END = sentinels.END

# One instance per module: the type hands out the same object.
assert type(Missing)() is Missing
assert repr(Missing) == "<missing>"
assert not Missing
try:
    type(Missing)(1)
except TypeError:
    pass
else:
    raise AssertionError("MissingType(1) should fail")

assert sentinels.lookup({}, "a") is Missing
assert sentinels.lookup({"a": 1}, "a") == 1
assert sentinels.lookup({}, "a", None) is None
assert sentinels.is_missing(Missing)
assert not sentinels.is_missing(None)

items = sentinels.stream([1, 2, 3])
assert items[-1] is END
assert repr(END) == "<end of stream>"
assert sentinels.count_until_end(items) == 3
try:
    type(END)()
except TypeError:
    pass
else:
    raise AssertionError("EndOfStream() should fail")

del items
gc.collect()
assert sentinels.lookup({}, 0) is sentinels.Missing
print("smoke ok")
