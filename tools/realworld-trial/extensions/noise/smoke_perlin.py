# Our own smoke test: Perlin noise in 1-3 dimensions, keyword arguments, repeat and base, errors.
import gc
from noise import _perlin
vals = [_perlin.noise1(x / 7.0) for x in range(50)]
assert all(-1.0 <= v <= 1.0 for v in vals) and len(set(vals)) > 10
assert _perlin.noise1(0.5) == _perlin.noise1(0.5)
assert _perlin.noise2(0.3, 0.7, octaves=4, persistence=0.5, lacunarity=2.0) == _perlin.noise2(0.3, 0.7, 4, 0.5, 2.0)
assert _perlin.noise2(0.3, 0.7, base=3) != _perlin.noise2(0.3, 0.7, base=4)
assert _perlin.noise3(0.1, 0.2, 0.3, octaves=2, repeatx=4) == _perlin.noise3(0.1, 0.2, 0.3, 2, 0.5, 2.0, 4)
for bad in ((), ("x",)):
    try:
        _perlin.noise1(*bad)
    except TypeError:
        pass
    else:
        raise AssertionError(bad)
gc.collect()
