"""Garbage-collector tuning for loading and rendering large corpora, set once by whatever
owns the process (``cli.main``, the test session, the benchmark harness), never by library
code: a setting is process-wide, and code that changes and restores it would undo a caller's.

Parsing allocates millions of small objects that live until the build ends (tokens, provisions);
CPython's default thresholds then run full collections again and again for nothing, which cost
about 40% of parse time on the benchmark corpus. Our data has no reference cycles to find.
"""

from __future__ import annotations

import gc

# A full collection walks every object the process holds: at most one in 100 middle ones
# (CPython's default: 10). On 300 synthetic drafts, one in 20 meant 16 full collections
# taking 1.5 of each render process's 9 CPU seconds; the cycles a draft leaves (a few
# hundred to two thousand objects) are still collected, in fewer and larger passes, and the
# peak memory measured the same.
FULL_COLLECTION_EVERY = 100
THRESHOLDS = (50_000, 20, FULL_COLLECTION_EVERY)


def tune_collector() -> None:
    """Collect young objects every 50,000 allocations instead of 700, and the whole heap
    rarely (``FULL_COLLECTION_EVERY``): once, at the entry point (render processes forked
    from it inherit the setting)."""
    gc.set_threshold(*THRESHOLDS)
