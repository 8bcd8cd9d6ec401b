import numpy as np
import npconsumer

assert npconsumer.weighted_sum([1.0, 2.0, 3.0], np.array([1.0, 0.5, 2.0])) == 8.0
r = npconsumer.ramp(5)
assert r.dtype == np.int64 and r.tolist() == [0, 1, 2, 3, 4]
try:
    npconsumer.weighted_sum([1.0], [1.0, 2.0])
except ValueError:
    pass
else:
    raise AssertionError("lengths that differ must raise ValueError")
assert npconsumer.numpy_abi == "ndarray"
print("smoke ok")
