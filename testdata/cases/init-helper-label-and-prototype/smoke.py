import proctitle

assert proctitle.get_default() == "python"
assert proctitle.MAX_LENGTH == 255
print("smoke ok")
