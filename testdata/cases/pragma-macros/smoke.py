import pragmamac
assert pragmamac.describe(0) == "zero"
assert pragmamac.describe(2) == "small"
assert pragmamac.describe(9) == "unknown"
print("smoke ok")
