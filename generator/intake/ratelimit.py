"""Per-client rate limiting: at most N requests in any window of S seconds.

A sliding log per client address, kept in memory by the one service process; stale clients
are swept so memory stays bounded however many addresses pass by.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    def __init__(self, clock: Callable[[], float] = time.monotonic, sweep_every: int = 10_000):
        self.clock = clock
        self.sweep_every = sweep_every
        self.calls = 0
        self.log: dict[str, deque[float]] = {}

    def check(self, client: str, limit: int, window: float) -> float:
        """Record a request; 0 if it is allowed, else the seconds until one would be."""
        now = self.clock()
        self.calls += 1
        if self.calls % self.sweep_every == 0:
            self.sweep(now, window)
        times = self.log.setdefault(client, deque())
        while times and times[0] <= now - window:
            times.popleft()
        if len(times) >= limit:
            return max(times[0] + window - now, 0.001)
        times.append(now)
        return 0.0

    def waiting(self, client: str, limit: int, window: float) -> float:
        """Like ``check`` without recording anything: for limits on only some outcomes
        (receipt lookups that find nothing), checked before and recorded after."""
        times = self.log.get(client)
        if not times:
            return 0.0
        now = self.clock()
        while times and times[0] <= now - window:
            times.popleft()
        return max(times[0] + window - now, 0.001) if len(times) >= limit else 0.0

    def sweep(self, now: float, window: float) -> None:
        for client in [c for c, t in self.log.items() if not t or t[-1] <= now - window]:
            del self.log[client]
