"""Ratings of responses, as the lookup page's rating form sends them to ``POST /api/ratings``.

A commenter rates the response to their comment: satisfied, basically satisfied or
dissatisfied, with an optional remark (private: it is kept in the database and, once
imported, under ``.docket-private/``, never published). Every rating is kept; the latest
per comment counts (``docket comments import`` folds them into the store).

Only a number the service knows may rate: one it handed out (``submissions``), or one in a
draft's comment store (comments taken by post, at a hearing or by another provider, whose
numbers the commenter has from their notice). The store's numbers are read per draft when
its ``comments.jsonl`` changes, not at every request.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..plaintext import clean
from .tracking import normalize
from .validate import Rejection, Text
from .validate import _ as N_

RATINGS = ("satisfied", "basically-satisfied", "dissatisfied")
REMARK_LIMIT = 2000  # characters
NUMBER_FIELDS = ("id", "tracking_number")  # a store record's numbers (comments/record.py)


@dataclass(frozen=True)
class RatingSubmission:
    tracking: str
    rating: str
    remark: str
    received_at: datetime  # UTC


def validate_rating(form: Mapping[str, str], now: datetime) -> RatingSubmission | Rejection:
    """The verdict on a rating form (whether the number exists is asked apart: ``known``)."""
    typed = clean(form.get("tracking", ""))
    tracking = normal_tracking(typed)
    if not tracking:
        return Rejection(400, Text(N_("The form does not say which comment the rating is for.")))
    rating = clean(form.get("rating", ""))
    remark = clean(form.get("remark", ""), multiline=True)
    problems: dict[str, Text] = {}
    if rating not in RATINGS:
        problems["rating"] = Text(N_("Choose a rating: satisfied, basically satisfied or "
                                     "dissatisfied"))
    if len(remark) > REMARK_LIMIT:
        problems["remark"] = Text(N_("This must be %(count)s characters or fewer"),
                                  {"count": REMARK_LIMIT})
    if problems:
        return Rejection(422, Text(N_("Some answers need correcting.")), problems)
    return RatingSubmission(tracking, rating, remark, now.astimezone(UTC))


def normal_tracking(text: str) -> str:
    """A number of the intake's shape as it stores it; any other (another provider's) as
    the store keeps it: upper case, spaces as hyphens."""
    return normalize(text) or "-".join(text.strip().upper().split())[:100]


class StoreNumbers:
    """The numbers in the drafts' comment stores (ids and the numbers commenters were given),
    read again for a draft only when its store file changes."""

    def __init__(self, root: Path):
        self.root = root
        self.seen: dict[Path, tuple[tuple[int, int], frozenset[str]]] = {}

    def __contains__(self, number: str) -> bool:
        return any(number in numbers for numbers in self._all())

    def _all(self) -> Iterator[frozenset[str]]:
        for path in sorted((self.root / "drafts").glob("*/comments/comments.jsonl")):
            try:
                stat = path.stat()
            except OSError:
                continue
            mark = (stat.st_mtime_ns, stat.st_size)
            known = self.seen.get(path)
            if known is None or known[0] != mark:
                numbers: set[str] = set()
                with open(path, encoding="utf-8", errors="replace") as file:
                    for line in file:
                        try:
                            value = json.loads(line)
                        except ValueError:
                            continue
                        for key in NUMBER_FIELDS:
                            if isinstance(value, dict) and value.get(key):
                                numbers.add(normal_tracking(str(value[key])))
                known = (mark, frozenset(numbers))
                self.seen[path] = known
            yield known[1]
