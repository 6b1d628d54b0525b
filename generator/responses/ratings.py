"""The ratings store: beside each draft's comments, in git; their remarks apart, out of git.

    drafts/<slug>/comments/ratings.jsonl     one rating a line: comment_id, received_date,
                                             rating, source, source_id (public: counted on
                                             the site)
    .docket-private/<slug>/remarks.jsonl     a rating's remark, by source and source_id
                                             (private: never published)

Like comments.jsonl: one JSON object a line, fields in a fixed order, lines sorted (by
comment, then time, then source), no time of import, so a re-run of the same import changes
no byte and an import reviews in ``git diff`` as the lines it added. Every rating is kept;
the latest of a comment is the one that counts (``satisfaction.latest``). The files are
replaced whole by the store's transaction (``comments/store.py``), so the build reads them
unlocked, as it reads comments.jsonl.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from ..comments.record import utc_text
from ..comments.store import lines_of, private_dir
from ..problems import Problem, ProblemsFound, display_path
from .model import RATINGS, Rating

RATINGS_FILE = "ratings.jsonl"
REMARKS_FILE = "remarks.jsonl"


def ratings_file(root: Path, slug: str) -> Path:
    return root / "drafts" / slug / "comments" / RATINGS_FILE


def remarks_file(root: Path, slug: str) -> Path:
    return private_dir(root) / slug / REMARKS_FILE


def rating_to_json(rating: Rating) -> dict[str, Any]:
    return {"comment_id": rating.comment_id, "received_date": utc_text(rating.received_date),
            "rating": rating.rating, "source": rating.source, "source_id": rating.source_id}


def rating_from_json(data: dict[str, Any]) -> Rating:
    when = datetime.fromisoformat(str(data["received_date"]).replace("Z", "+00:00"))
    if when.tzinfo is None:
        raise ValueError("received_date has no time zone")
    rating = str(data["rating"])
    if rating not in RATINGS:
        raise ValueError(f"rating {rating!r} is not one of {', '.join(RATINGS)}")
    return Rating(str(data["comment_id"]), when, rating, str(data["source"]),
                  str(data["source_id"]))


def sort_key(line_value: dict[str, Any]) -> tuple[str, str, str, str]:
    """The order of the store's lines."""
    return (str(line_value.get("comment_id", "")), str(line_value.get("received_date", "")),
            str(line_value.get("source", "")), str(line_value.get("source_id", "")))


def read_ratings(root: Path, slug: str) -> list[Rating]:
    """Every rating of ``slug``'s comments, in the store's order; a line that is not a rating
    is a ``path:line`` problem (the file was edited by hand)."""
    path = ratings_file(root, slug)
    found = []
    for number, _, value in lines_of(path, root):
        try:
            found.append(rating_from_json(value))
        except (KeyError, TypeError, ValueError) as exc:
            raise ProblemsFound([Problem(display_path(path, root), number,
                                         f"not a rating record: {exc}")]) from exc
    return found
