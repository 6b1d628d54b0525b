"""Garbage-collector tuning for loading and rendering large corpora.

Parsing allocates millions of small objects that live until the build ends (tokens, provisions);
CPython's default thresholds then run full collections again and again for nothing, which cost
about 40% of parse time on the benchmark corpus. Our data has no reference cycles to find.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def fewer_collections(threshold: int = 50_000) -> Iterator[None]:
    old = gc.get_threshold()
    gc.set_threshold(threshold, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*old)
