# Our own smoke test: minimise a two-input OR, configuration round trip.
from pyeda.boolalg import espresso
cfg = espresso.get_config()
assert isinstance(cfg, dict)
espresso.set_config(**cfg)
# positional cube notation: 1 = 0, 2 = 1, 3 = don't care
cover = {((1, 2), (1,)), ((2, 1), (1,)), ((2, 2), (1,))}
res = espresso.espresso(2, 1, cover, intype=espresso.FTYPE)
assert sorted(res) == [((2, 3), (1,)), ((3, 2), (1,))], res
assert issubclass(espresso.Error, Exception)
