import exactmod


class SubRecord(exactmod.Record):
    pass


class SubTag(exactmod.Tag):
    pass


r = exactmod.Record(7)
assert exactmod.is_record(r) is True
assert exactmod.is_record(SubRecord(3)) is True  # a subclass: told through the module state
assert exactmod.is_record(exactmod.Tag()) is False
assert exactmod.is_record(5) is False
assert exactmod.record_value(r) == 7
assert exactmod.record_value(SubRecord(4)) == 4
try:
    exactmod.record_value("x")
except exactmod.error as e:
    assert "Record" in str(e)
else:
    raise AssertionError("record_value('x') did not raise")
assert exactmod.is_tag(exactmod.Tag()) is True
assert exactmod.is_tag(SubTag()) is True
assert exactmod.is_tag(r) is False
print("smoke ok")
