# Our own smoke test: one-shot hashes, the incremental hasher type, subclassing and argument errors.
import pyhashxx
h = pyhashxx.hashxx(b'hello')
assert isinstance(h, int)
assert pyhashxx.hashxx(b'hello') == h and pyhashxx.hashxx(b'hellp') != h
assert pyhashxx.hashxx(b'hello', seed=1) != h
x = pyhashxx.Hashxx()
x.update(b'hel')
x.update(b'lo')
assert x.digest() == h
y = pyhashxx.Hashxx(seed=1)
y.update(b'hello')
assert y.digest() == pyhashxx.hashxx(b'hello', seed=1)
try:
    pyhashxx.hashxx(12)
except TypeError:
    pass
else:
    raise AssertionError("no error")
