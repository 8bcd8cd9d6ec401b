import meter

m = meter.Meter()
m.add(1.0)
m.add(2.0)
r = m.read()
assert isinstance(r, meter.Reading)
assert r.value == 1.5 and r.unit == "V"
assert tuple(r) == (1.5, "V")
assert meter.Reading((3.0, "A")).unit == "A"
s = meter.span(4.0, 1.5)
assert isinstance(s, meter.Span) and (s.lo, s.hi) == (1.5, 4.0)
print("smoke ok")
