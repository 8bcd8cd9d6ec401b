import optmod

assert optmod.answer() == 42 and optmod.VERSION == 1
assert not hasattr(optmod, 'Extra')
print('smoke ok')
