import hdralias
assert hdralias.Token.__module__ == "hdralias" and hdralias.Token.__qualname__ == "Token"
print("smoke ok")
