import loop
assert isinstance(loop.A(), loop.A) and isinstance(loop.B(), loop.B)
assert loop.A.__name__ == "A" and loop.B.__module__ == "loop"
