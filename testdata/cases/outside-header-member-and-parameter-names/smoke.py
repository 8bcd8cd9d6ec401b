import once
n = once.count()
assert once.first(7) is True
assert once.first(7) is False
assert once.first(8) is True
assert once.count() == n + 2
print("smoke ok")
