# Our own smoke test: simplex noise in 2-4 dimensions, octaves, errors.
import gc
from noise import _simplex
for f, args in ((_simplex.noise2, (0.2, 0.4)), (_simplex.noise3, (0.2, 0.4, 0.6)), (_simplex.noise4, (0.2, 0.4, 0.6, 0.8))):
    v = f(*args)
    assert -1.0 <= v <= 1.0 and v == f(*args)
    assert -1.0 <= f(*args, octaves=3) <= 1.0
try:
    _simplex.noise2(0.1)
except TypeError:
    pass
else:
    raise AssertionError('one argument')
try:
    _simplex.noise2(0.1, 0.2, octaves=0)
except ValueError:
    pass
gc.collect()
