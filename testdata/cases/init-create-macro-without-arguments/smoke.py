import rle
assert rle.MAX_RUN == 255
enc = rle.Encoder()
enc.feed(b"aaab")
enc.feed(b"bb")
data = enc.finish()
assert data == b"\x03a\x03b", data
assert enc.runs == 2
assert rle.decode(data) == b"aaabbb"
try:
    rle.decode(b"\x01")
except rle.Error as e:
    assert "truncated" in str(e)
else:
    raise AssertionError("no rle.Error")
try:
    enc.feed("text")
except rle.Error:
    pass
else:
    raise AssertionError("no rle.Error for str")
print("smoke ok")
