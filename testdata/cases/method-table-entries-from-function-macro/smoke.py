import meter
first = meter.tick()
assert meter.tick() == first + 1
assert meter.step() == 1.0 or meter.step() > 0
assert meter.step(0.5) == 0.5 and meter.step() == 0.5
assert meter.tick.__doc__.startswith("tick()")
print("smoke ok")
