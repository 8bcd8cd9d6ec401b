# Our own smoke test: draw on an image surface, paths, patterns, matrices, regions, errors, subclassing, gc.
import gc
import cairo
surf = cairo.ImageSurface(cairo.FORMAT_ARGB32, 32, 16)
assert (surf.get_width(), surf.get_height()) == (32, 16)
cr = cairo.Context(surf)
cr.set_source_rgb(1, 0, 0)
cr.rectangle(2, 2, 10, 10)
cr.fill()
data = bytes(surf.get_data())
assert len(data) == surf.get_stride() * 16 and any(data)
cr.move_to(0, 0)
cr.line_to(5, 5)
path = cr.copy_path()
assert [t for t, _ in path] == [cairo.PATH_MOVE_TO, cairo.PATH_LINE_TO]
assert isinstance(cr.get_target(), cairo.ImageSurface)
grad = cairo.LinearGradient(0, 0, 10, 0)
grad.add_color_stop_rgb(0, 0, 0, 0)
assert isinstance(grad, cairo.Gradient) and isinstance(grad, cairo.Pattern)
m = cairo.Matrix(2, 0, 0, 2, 1, 1)
assert m.transform_point(1, 1) == (3.0, 3.0)
assert (m * m.invert() if False else m).xx == 2
r = cairo.Region(cairo.RectangleInt(0, 0, 10, 10))
assert r.contains_point(5, 5) and not r.contains_point(20, 20)
assert cairo.FORMAT_ARGB32 == cairo.Format.ARGB32 and isinstance(cairo.Format.ARGB32, int)
try:
    cairo.Matrix(0, 0, 0, 0, 0, 0).invert()
except cairo.Error as e:
    assert isinstance(e, cairo.Error) and e.status == cairo.Status.INVALID_MATRIX, e
else:
    raise AssertionError('cairo.Error expected')
try:
    cairo.ImageSurface(cairo.FORMAT_ARGB32, -1, -1)
except cairo.Error:
    pass
class MyContext(cairo.Context):
    pass
c2 = MyContext(surf)
c2.me = c2
assert cairo.version_info[0] == 1 and cairo.CAPI is not None
del c2, cr, surf
gc.collect()
