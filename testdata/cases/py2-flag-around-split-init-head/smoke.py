import ticker

assert ticker.tick() == 1
print("smoke ok")
