import posdef
assert posdef.ping() == "pong"
print("smoke ok")
