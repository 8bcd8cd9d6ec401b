import levels
assert levels.DEBUG == 10 and levels.INFO == 20 and levels.ERROR == 40
assert levels.highest() == 50
print("smoke ok")
