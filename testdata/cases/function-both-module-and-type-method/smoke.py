import ucd
# As module functions (self is the module) and as methods of the module's object.
assert ucd.version() == "17.0.0" and ucd.is_old() is False
assert ucd.old.version() == "3.2.0" and ucd.old.is_old() is True
assert ucd.kind("a") == "a of 17.0.0" and ucd.old.kind("b") == "b of 3.2.0"
try:
    ucd.kind(1)
except TypeError:
    pass
else:
    raise AssertionError("kind(1)")
DB = type(ucd.old)
assert DB.__flags__ & (1 << 9)  # a heap type of this module


class Sub(DB):
    pass


# A Python subclass finds the module through its base; its objects are not DB objects.
assert Sub().version() == "17.0.0" and Sub().is_old() is False
assert DB().version() == "3.2.0"
