import regtab

assert regtab.lookup("k") is None
assert regtab.describe("k") == "<unregistered>"
assert regtab.registered("k") is None
regtab.register("k", "Key")
regtab.register(3, "three")
assert regtab.lookup("k") == "Key"
assert regtab.describe(3) == "three"
assert regtab.registered(3) == "three"
try:
    regtab.describe([])
except TypeError:
    pass
else:
    raise AssertionError("an unhashable key should raise")
print("smoke ok")
