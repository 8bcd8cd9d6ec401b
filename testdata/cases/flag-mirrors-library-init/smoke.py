import devices

try:
    devices.count()
except RuntimeError:
    pass
else:
    raise AssertionError('count() before init()')
assert devices.init() == 3
assert devices.count() == 2
devices.exit()
print('smoke ok')
