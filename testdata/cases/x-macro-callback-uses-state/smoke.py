import palette

assert (palette.RED, palette.GREEN, palette.BLUE) == (0, 1, 2)
for name in ('RED', 'GREEN', 'BLUE'):
    err = getattr(palette, name + 'Error')
    assert issubclass(err, palette.PaletteError), err
    assert err.__name__ == name + 'Error'
palette.check(1)
try:
    palette.check(7)
except palette.PaletteError as e:
    assert 'numbered 7' in str(e)
else:
    raise AssertionError('colour 7 accepted')
try:
    raise palette.BLUEError('blue')
except palette.PaletteError:
    pass
print("smoke ok")
