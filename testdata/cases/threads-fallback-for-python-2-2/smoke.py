import cksum

assert cksum.sum(b'abc') == (((97 * 31 + 98) * 31) + 99)
assert cksum.sum(bytearray(b'\xff' * 4)) == cksum.sum(b'\xff\xff\xff\xff')
try:
    cksum.sum(b'')
except cksum.error as e:
    assert str(e) == 'empty input'
else:
    raise AssertionError('empty input accepted')
print('smoke ok')
