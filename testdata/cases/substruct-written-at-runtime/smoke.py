import seqfill
r = seqfill.Range(5)
assert len(r) == 5
assert 3 in r and 7 not in r
print("smoke ok")
