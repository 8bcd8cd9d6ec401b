# Our own smoke test: one solution and all solutions of small CNFs, errors through the module's exception.
from pyeda.boolalg import picosat
# (a | b) & (~a | b) & (a | ~b)  ->  a = b = 1
sol = picosat.satisfy_one(2, [(1, 2), (-1, 2), (1, -2)])
assert tuple(sol) == (1, 2), sol
assert picosat.satisfy_one(1, [(1,), (-1,)]) is None
sols = sorted(tuple(s) for s in picosat.satisfy_all(2, [(1, 2)]))
assert sols == [(-1, 2), (1, -2), (1, 2)], sols
assert isinstance(picosat.VERSION, str)
try:
    picosat.satisfy_one(1, [(5,)])
except picosat.Error:
    pass
else:
    raise AssertionError("no error")
