# Our own smoke test of the C block locator and scanner.
from scss.grammar._scanner import Scanner, locate_blocks, NoMoreTokens
blocks = list(locate_blocks('a { color: red; }\nb { margin: 0; }\n'))
assert len(blocks) == 2, blocks
assert all(isinstance(b, tuple) for b in blocks)
assert issubclass(NoMoreTokens, Exception) and isinstance(Scanner, type)
