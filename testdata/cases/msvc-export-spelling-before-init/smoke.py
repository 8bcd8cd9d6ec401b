import lzolike

try:
    lzolike.fail()
except lzolike.error as e:
    assert "on purpose" in str(e)
else:
    raise AssertionError("no error")
