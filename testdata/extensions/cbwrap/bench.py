"""Benchmarks for cbwrap: each plain function is one benchmark (see docs/cost.md)."""
import cbwrap


def _sink(ev):
    pass


cbwrap.set_handler(_sink)


def post_run():
    cbwrap.post(1)
    cbwrap.run()


def run_empty():
    cbwrap.run()


def stats():
    cbwrap.stats()


def set_handler():
    cbwrap.set_handler(_sink)
