import declmod
assert declmod.__version__ == "1.0"
try:
    declmod.fail()
except declmod.Error as e:
    assert str(e) == "failed on purpose"
else:
    raise AssertionError("no error")
print("smoke ok")
