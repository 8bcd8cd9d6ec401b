import optmod

assert optmod.answer() == 42
assert not hasattr(optmod, 'Extra')
print('smoke ok')
