import tickmod
seen, dropped, unit = tickmod.tick_start(5)
assert seen >= 1 and dropped == 0 and unit == "ms", (seen, dropped, unit)
print("smoke ok")
