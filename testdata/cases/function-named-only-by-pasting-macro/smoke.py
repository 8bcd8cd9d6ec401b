import meter
assert meter.setting() > 0
assert meter.setting(0.5) == 0.5 and meter.setting() == 0.5
meter.setting(1.0)
print("smoke ok")
