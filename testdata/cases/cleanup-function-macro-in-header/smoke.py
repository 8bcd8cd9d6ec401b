import splitmod
assert splitmod.split("a bb  ccc") == ["a", "bb", "ccc"]
try:
    splitmod.split("")
except splitmod.SplitError:
    pass
else:
    raise AssertionError("no SplitError")
