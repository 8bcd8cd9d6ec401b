# Our own smoke test of _xxhash: one-shot functions agree with the streaming types.
import _xxhash as x
for name in ('xxh32', 'xxh64', 'xxh3_64', 'xxh3_128'):
    T = getattr(x, name)
    h = T(b'hello', seed=5)
    h.update(b' world')
    assert h.intdigest() == getattr(x, name + '_intdigest')(b'hello world', seed=5)
    assert h.hexdigest() == getattr(x, name + '_hexdigest')(b'hello world', seed=5)
    c = h.copy(); c.update(b'!')
    assert c.digest() != h.digest()
    h.reset()
    assert h.intdigest() == T(seed=5).intdigest()
    assert h.digest_size in (4, 8, 16) and h.block_size > 0
assert isinstance(x.XXHASH_VERSION, str)
