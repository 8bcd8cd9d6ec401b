import rangemod
assert rangemod.clamp(300) == 255 and rangemod.clamp(-5) == 0
assert rangemod.clamp(value=7, low=10, high=20) == 10 and rangemod.clamp(50, high=40) == 40
assert rangemod.scale(1.5) == 3.0 and rangemod.scale(value=2.0, factor=0.5) == 1.0
assert rangemod.span_length(2, 9) == 7 and rangemod.span_length(stop=1, start=4) == 0
assert rangemod.span_empty(stop=3, start=3) and not rangemod.span_empty(0, stop=3)
try:
    rangemod.clamp(1, nope=2)
except TypeError:
    pass
else:
    raise AssertionError("unknown keyword accepted")
print("smoke ok")
