import fold

def fnv(data):
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h

for data in (b"a", b"abcd", b"hello, world", bytes(range(37)), bytes(range(200))):
    assert fold.digest(data) == fnv(data), data
try:
    fold.digest(b"")
except fold.FoldError as e:
    assert isinstance(e, ValueError) and "nothing" in str(e)
else:
    raise AssertionError("empty input must raise")
