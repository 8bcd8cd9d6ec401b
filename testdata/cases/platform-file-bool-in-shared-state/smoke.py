import tickmod
assert tickmod.advance(2) == 2 and tickmod.advance(3) == 5
