import meter
assert meter.setting() is None
assert meter.setting(5) == 5 and meter.setting() == 5
meter.setting(None)
print("smoke ok")
