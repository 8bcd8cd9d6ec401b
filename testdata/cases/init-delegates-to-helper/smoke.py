import helpermod
try:
    helpermod.fail("boom")
except helpermod.Error as e:
    assert str(e) == "boom"
else:
    raise AssertionError("no error")
print("smoke ok")
