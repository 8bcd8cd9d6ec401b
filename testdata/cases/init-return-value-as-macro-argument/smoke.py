import markers
mk = markers.marker()
assert mk == 'marker' and markers.is_marker(mk) is True and markers.is_marker('other') is False
assert markers.VERSION == 3
print('ok')
