import exporter
assert exporter.answer == 42
assert exporter.name == 'exporter'
assert exporter.hello() == 'hello'
print('exporter smoke ok')
