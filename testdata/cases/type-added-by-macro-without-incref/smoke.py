import gc
import units

assert units.Meter(2.5).value() == 2.5
assert units.Second(3).value() == 3.0
assert type(units.Meter(1)) is units.Meter and units.Meter is not units.Second
gc.collect()
print("smoke ok")
