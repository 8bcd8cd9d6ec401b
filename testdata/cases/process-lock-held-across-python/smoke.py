import seq

seen = []
a = seq.next(seen.append)
b = seq.next(seen.append)
assert b > a and seen == [a, b]
print("smoke ok")
