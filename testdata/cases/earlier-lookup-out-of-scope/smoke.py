import scopemod

assert scopemod.last() is None
assert scopemod.check(5) == 5
assert scopemod.last() == 5
try:
    scopemod.check(None)
except scopemod.error as e:
    assert "None" in str(e)
else:
    raise AssertionError("check(None) did not raise")
assert scopemod.last() == 5
assert scopemod.trace(1) == 1
assert scopemod.trace(2) == 2
try:
    scopemod.trace(None)  # built with SCOPEMOD_TRACE_ERRORS
except scopemod.error:
    pass
else:
    raise AssertionError("trace(None) did not raise")
print("smoke ok")
