# Our own smoke test: widgets, grids and text helpers that need no terminal (the screen is never opened).
import gc
import _snack

assert _snack.wstrlen('abc') == 3
text, width, height = _snack.reflow('one two three four five six', 10)
assert 'one' in text and 'six' in text and width > 0 and height >= 1
g = _snack.grid(2, 1)
b = _snack.button('OK')
l = _snack.label('name')
g.setfield(0, 0, b, (0, 0, 1, 0))
g.setfield(1, 0, l, (0, 0, 0, 0))
calls = []
b.setCallback(lambda *a: calls.append(a))
c = _snack.checkbox('flag', 1)
assert c.checkboxValue == 1
e = _snack.entry(10, 'start', 0, 0, 0, 0)
assert e.entryValue == 'start'
f = _snack.form()
f.add(b)
f.add(e)
del f, g, b, l, c, e
try:
    _snack.grid('x', 1)
except TypeError:
    pass
else:
    raise AssertionError('grid takes ints')
gc.collect()
