import blocks

assert blocks.BLOCK_SIZE == 4096 and blocks.FORMAT == "v2"
print("smoke ok")
