import clash

try:
    clash.fail()
except clash.MyError as e:
    assert str(e) == "failed"
else:
    raise AssertionError("MyError expected")
print("ok")
