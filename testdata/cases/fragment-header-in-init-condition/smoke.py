import palette

assert palette.CRIMSON == 0xdc143c and palette.TEAL == 0x008080
assert palette.COUNT == 5
assert palette.channel(palette.CRIMSON, 16) == 0xdc
assert palette.channel(palette.OLIVE, 0) == 0
try:
    palette.channel(palette.WHITE, 4)
except palette.PaletteError:
    pass
else:
    raise AssertionError("no PaletteError")
print("smoke ok")
