import slotnew
c = slotnew.Counter()
# PyType_GenericNew zeroes the object: Counter_new, which started at 100, never ran
assert c.bump() == 1
assert c.bump() == 2
assert slotnew.Counter.__new__(slotnew.Counter).bump() == 1
print('slotnew smoke ok')
