"""Worker processes for a large import: started once there is enough work, never a condition.

An import judges its rows and sketches its texts (``importing.py``, ``sketches.py``) in
batches that need nothing from one another, so on a machine with several cores they go to
worker processes while the main process reads on. Every batch can also be done in the main
process, with the same result: that is what happens for a small import (below ``start_at``
units of work, where starting processes would cost more than it saves), when ``count`` is 1,
and when the workers cannot start or die (a program that imports Docket without a
``__main__`` guard, a worker killed by the system). Only the ``docket`` command asks for
workers: a worker process starts by importing the program's main module.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import Any

CHUNK = 20_000  # units of work (comments) that make the workers worth starting
COUNT = 2  # worker processes the ``docket`` command asks for (this machine: 2 cores)


def stop_with_parent(every: float = 0.5) -> None:
    """A worker's first act: a thread that ends the process once its parent is gone. A
    worker waits on a queue whose writing end it holds itself, so an import killed with
    ``kill -9`` would leave its workers waiting for ever."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="stop-with-parent", daemon=True).start()


class Workers:
    """A pool of ``count`` processes, started by the ``start_at``-th unit of work ``seen``.

    Use as a context manager: the processes stop with it."""

    def __init__(self, count: int = 1, start_at: int | None = None) -> None:
        self.count = count
        self.start_at = CHUNK if start_at is None else start_at
        self.seen = 0
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None

    def note(self, units: int = 1) -> None:
        """Count ``units`` more of work; start the processes when there is enough."""
        self.seen += units
        if self.pool is None and self.count > 1 and self.seen >= self.start_at:
            try:
                self.pool = ProcessPoolExecutor(self.count, mp_context=get_context("spawn"),
                                                initializer=stop_with_parent)
            except (OSError, RuntimeError, ValueError):
                self.count = 1

    @property
    def running(self) -> bool:
        return self.pool is not None

    def submit(self, function: Callable[..., Any], *args: Any) -> Future | None:
        """``function(*args)`` in a worker; None when there is none (then call ``result``
        all the same, and it is done here)."""
        if self.pool is None:
            return None
        try:
            return self.pool.submit(function, *args)
        except (BrokenProcessPool, RuntimeError, OSError):
            self._broken()
            return None

    def result(self, future: Future | None, function: Callable[..., Any], *args: Any) -> Any:
        """What ``submit`` started, or, if it could not be done there, ``function(*args)``
        done here."""
        if future is not None:
            try:
                return future.result()
            except (BrokenProcessPool, CancelledError, OSError):
                self._broken()
        return function(*args)

    def _broken(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        self.pool, self.count = None, 1
