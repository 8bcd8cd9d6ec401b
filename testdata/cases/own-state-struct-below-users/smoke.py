import squeeze

assert squeeze.squeeze(b"aaabccdddd") == b"abcd"
assert squeeze.squeeze(b"") == b""
try:
    squeeze.squeeze("text")
except squeeze.Error as e:
    assert "bytes" in str(e)
else:
    raise AssertionError("str must raise squeeze.Error")
