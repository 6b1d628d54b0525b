"""Garbage-collector tuning for loading and rendering large corpora, set once by whatever
owns the process (``cli.main``, the test session, the benchmark harness), never by library
code: a setting is process-wide, and code that changes and restores it would undo a caller's.

Parsing allocates millions of small objects that live until the build ends (tokens, provisions);
CPython's default thresholds then run full collections again and again for nothing, which cost
about 40% of parse time on the benchmark corpus. Our data has no reference cycles to find.
"""

from __future__ import annotations

import gc

THRESHOLDS = (50_000, 20, 20)


def tune_collector() -> None:
    """Collect young objects every 50,000 allocations instead of 700: once, at the entry
    point (render processes forked from it inherit the setting)."""
    gc.set_threshold(*THRESHOLDS)
