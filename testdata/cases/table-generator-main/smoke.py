import tablegen
assert tablegen.lookup(5) == (5, 15)
assert tablegen.lookup(9) == (1, 27)
try:
    tablegen.lookup(16)
except tablegen.TableError as e:
    assert '16' in str(e)
else:
    raise AssertionError('TableError not raised')
print('tablegen smoke ok')
