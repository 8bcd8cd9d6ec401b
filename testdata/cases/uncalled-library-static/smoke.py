import daystamp

assert daystamp.split(0) == (1970, 1, 1)
assert daystamp.split(19000) == (2022, 1, 8)
assert daystamp.join(2022, 1, 8) == 19000
for d in (-1000, 0, 59, 60, 365, 10957, 20000):
    assert daystamp.join(*daystamp.split(d)) == d
try:
    daystamp.split(-800000)
except daystamp.EpochError as e:
    assert isinstance(e, ValueError)
else:
    raise AssertionError("EpochError expected")
print("smoke ok")
