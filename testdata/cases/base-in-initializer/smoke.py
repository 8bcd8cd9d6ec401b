import gc
import vehicles
v = vehicles.Vehicle("bike", 2)
assert v.describe() == "bike on 2 wheels" and v.wheels == 2
c = vehicles.Car("mini")
assert isinstance(c, vehicles.Vehicle) and vehicles.is_vehicle(c)
assert c.honk() == "beep" and c.describe() == "mini on 4 wheels"
t = vehicles.Truck("hauler", 6)
assert t.load(3) == 18 and vehicles.is_vehicle(t) and not vehicles.is_vehicle(3)
assert vehicles.Car.__base__ is vehicles.Vehicle and vehicles.Truck.__base__ is vehicles.Vehicle
class Cycle(vehicles.Car):
    pass
k = Cycle("loop", 3)
k.self = k
del k
gc.collect()
print("smoke ok")
