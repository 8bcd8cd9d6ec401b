"""Benchmarks for spamlib: each plain function is one benchmark (see docs/cost.md)."""
import spamlib

r = spamlib.Record("eggs", {"n": 1}, kind="fried")
doc = '{"name": "spam", "tags": ["a"]}'


def record_new():
    spamlib.Record("eggs", None, kind="fried")


def get_name():
    r.name


def set_payload():
    r.payload = 3


def to_dict():
    r.to_dict()


def is_record():
    spamlib.is_record(r)


def parse():
    spamlib.parse(doc)


def add_tag_error():
    try:
        r.add_tag(1)
    except spamlib.error:
        pass
