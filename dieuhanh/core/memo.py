"""Look-ups shared by the figures of one read-only page.

A statistics page evaluates every figure of a module for one unit and period, each through its own
filter set; within `shared_lookups()` the same look-up (the unit, a province's legacy provinces, the
communes a set of stations covers on a date) is made once. Nothing may be written inside the block."""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

_shared: contextvars.ContextVar[dict | None] = contextvars.ContextVar("dieuhanh_shared_lookups", default=None)


@contextmanager
def shared_lookups():
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def shared(key, compute):
    """`compute()`, or within `shared_lookups()` its first result for `key` (which must name every
    input of the computation). The result must not be changed by the caller."""
    memo = _shared.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]
