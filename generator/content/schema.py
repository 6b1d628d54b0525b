"""Validate parsed YAML against the model's dataclasses and word the errors for drafters."""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from ..problems import Problem
from .yamlsource import Location, YamlDoc

T = TypeVar("T")

_UNION_TAGS = {"date", "datetime"}


@cache
def _adapter(cls: type[T]) -> TypeAdapter[T]:
    return TypeAdapter(cls)


def _dotted(loc: Location) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(error: dict[str, Any], loc: Location) -> str:
    kind, where = error["type"], _dotted(loc)
    if kind == "unexpected_keyword_argument" or kind == "extra_forbidden":
        return f"unknown key {where!r}"
    if kind == "missing" or kind == "missing_argument":
        return f"missing required key {where!r}"
    msg = error["msg"]
    if kind == "dataclass_type" or kind == "dataclass_exact_type":
        msg = "should be a mapping of keys to values"
    return f"{where}: {msg}" if where else msg


def validate(doc: YamlDoc, cls: type[T], path: str) -> tuple[T | None, list[Problem]]:
    """Build ``cls`` from the document, or return every problem found with its line."""
    data = {} if doc.data is None else doc.data
    try:
        return _adapter(cls).validate_python(data), []
    except ValidationError as exc:
        problems: dict[Location, Problem] = {}
        for error in exc.errors():
            loc = tuple(error["loc"])
            # A date-or-datetime field reports once per member of the union: keep one.
            if "date" in error["type"] and loc and loc[-1] in _UNION_TAGS and len(loc) > 1:
                loc = loc[:-1]
            if loc not in problems:
                problems[loc] = Problem(path, doc.line_of(loc), _message(error, loc))
        return None, sorted(problems.values())
