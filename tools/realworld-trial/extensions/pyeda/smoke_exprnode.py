# Our own smoke test: build, simplify and convert Boolean expressions; the module's constant nodes.
from pyeda.boolalg import exprnode as E
a, b, c = E.lit(1), E.lit(2), E.lit(3)
f = E.or_(E.and_(a, b), E.and_(a, c))
assert f.kind() == E.OP_OR
assert E.Zero.kind() == E.ZERO and E.One.kind() == E.ONE
assert E.or_(a, E.One).simplify().kind() == E.ONE
assert E.and_(a, E.Zero).simplify().kind() == E.ZERO
cnf = f.to_cnf()
assert cnf.is_cnf()
assert f.to_dnf().is_dnf()
assert f.depth() >= 2 and f.size() > 3
assert a.kind() == E.VAR and E.lit(-1).kind() == E.COMP
r = f.restrict({a: E.One, b: E.Zero})
assert r.simplify().to_ast() == c.to_ast()
try:
    E.lit(0)
except Exception:
    pass
ast = E.xor(a, b).to_ast()
assert isinstance(ast, tuple) and len(ast) == 3
