import widgetmod
assert widgetmod.poke(4) == 8
try:
    widgetmod.poke(11)
except widgetmod.WidgetError as e:
    assert '11' in str(e)
else:
    raise AssertionError('WidgetError not raised')
print('widget smoke ok')
