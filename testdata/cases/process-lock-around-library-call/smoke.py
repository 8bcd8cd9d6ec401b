import stamp

assert stamp.year(0) in (1969, 1970)
assert stamp.year(86400 * 366) == 1971
s = stamp.format(86400 * 366, "%Y")
assert s == "1971", s
assert len(stamp.format(0)) == 10
try:
    stamp.format(0, "")
except ValueError:
    pass
else:
    raise AssertionError("empty format accepted")
print("smoke ok")
