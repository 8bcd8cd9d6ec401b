import stmtmac
a = stmtmac.Adder()
assert a.add(4) == 6 and a.add(3) == 9
assert stmtmac.Adder.__module__ == "stmtmac"
print("smoke ok")
