import lazydev

d = lazydev.open(21)
assert d.read() == 42
assert type(d).__name__ == 'Device' and type(d).__module__ == 'lazydev'
assert type(lazydev.open(1)) is type(d)
d.close()
try:
    d.read()
except lazydev.error as e:
    assert str(e) == 'device is closed'
else:
    raise AssertionError('no lazydev.error')
print('smoke ok')
