"""Benchmarks for legacyio: each plain function is one benchmark (see docs/cost.md)."""
import legacyio

s = legacyio.Stream(b"first line\nsecond line\n")


def stream_new():
    legacyio.Stream(b"abc")


def seek_read():
    s.seek(0)
    s.read(5)


def readline():
    s.seek(0)
    s.readline()


def crc32():
    s.crc32()


def stats():
    legacyio.stats()


def seek_error():
    try:
        s.seek(0, 7)
    except legacyio.Error:
        pass
