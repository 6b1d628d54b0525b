"""Comment importers: one small module per source, found by the name given to ``--from``.

A module has NAME, TITLE and ``read(ctx) -> Iterator[Row | NotComment | Unreadable]``
(``rows.py``): it reads its source's shape and nothing else. A new source is one module
listed below.
"""

from __future__ import annotations

from types import ModuleType

from . import (
    csv_mapped,
    formspree,
    google_forms,
    local,
    netlify,
    regulations_gov,
    staticman,
    tally,
)
from .fields import SourceContext

IMPORTERS: dict[str, ModuleType] = {
    m.NAME: m
    for m in (local, formspree, netlify, google_forms, tally, staticman, regulations_gov,
              csv_mapped)
}

__all__ = ["IMPORTERS", "SourceContext"]
