import time

import freezer

before = time.time()
freezer.freeze(12.5)
try:
    assert time.time() == 12.5, time.time()
    freezer.freeze(99.0)
    assert time.time() == 99.0
finally:
    freezer.unfreeze()
assert time.time() >= before
print("smoke ok")
