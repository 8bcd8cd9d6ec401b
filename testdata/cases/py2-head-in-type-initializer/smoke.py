import brmod
assert brmod.Compressor().level() == 11
assert brmod.Compressor(3).level() == 3
assert list(brmod.Counter()) == [0, 1, 2]
assert type(brmod.Compressor()).__module__ == 'brmod'
print("smoke ok")
