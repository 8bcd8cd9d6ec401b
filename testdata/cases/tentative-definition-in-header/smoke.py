import blockstat
assert blockstat.stats() == (0, 4096, 0, 0)
assert blockstat.split(b"x" * 10000) == [b"x" * 4096, b"x" * 4096, b"x" * 1808]
blockstat.set_block_size(5)
assert blockstat.split(b"abcdefghij") == [b"abcde", b"fghij"]
assert blockstat.stats() == (10010, 5, 1, 1)
try:
    blockstat.set_block_size(0)
except ValueError:
    pass
else:
    raise AssertionError("block size 0 accepted")
print("smoke ok")
