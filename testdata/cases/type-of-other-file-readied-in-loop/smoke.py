import loop
assert isinstance(loop.A(), loop.A) and isinstance(loop.B(), loop.B)
assert loop.A.__name__ == "A" and loop.A.__module__ == "loop" and loop.B.__module__ == "loop"
# Heap types of this module, not the process-wide static ones.
assert loop.A.__flags__ & (1 << 9) and loop.B.__flags__ & (1 << 9)
