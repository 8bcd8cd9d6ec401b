# Our own smoke test: a few SAT problems, the solution iterator, errors.
import gc
import pycosat
cnf = [[1, -5, 4], [-1, 5, 3, 4], [-3, -4]]
sol = pycosat.solve(cnf)
assert isinstance(sol, list) and len(sol) == 5, sol
for clause in cnf:
    assert any(lit in sol for lit in clause)
assert pycosat.solve([[1], [-1]]) == 'UNSAT'
all_sols = list(pycosat.itersolve([[1, 2]]))
assert len(all_sols) == 3, all_sols
it = pycosat.itersolve([[1, 2, 3]])
assert next(it)
del it
gc.collect()
for bad in ([[1, 0]], [[1, 'x']], 7):
    try:
        pycosat.solve(bad)
    except (ValueError, TypeError):
        pass
    else:
        raise AssertionError('error expected for %r' % (bad,))
assert pycosat.__version__
