import snapper
g = snapper.get_grid()
assert g == 1.0 and snapper.snap(2.4) == 2.0
snapper.set_grid(0.5)
assert snapper.get_grid() == 0.5 and snapper.snap(1.3) == 1.5
try:
    snapper.set_grid(0.0)
except ValueError:
    pass
else:
    raise AssertionError("no error")
snapper.set_grid(g)
print("smoke ok")
