# Every key, rounds, block_size and helper_scale of fastmath is its own (locals, members, its static, its macro).
import fastmath
assert fastmath.total() == 19, fastmath.total()
assert fastmath.total() == 19
print("smoke ok")
