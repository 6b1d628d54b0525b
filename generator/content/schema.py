"""Validate parsed YAML against the model's dataclasses and word the errors for drafters."""

from __future__ import annotations

import dataclasses
import types
from datetime import datetime
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from pydantic import TypeAdapter, ValidationError

from ..problems import Problem, did_you_mean
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


def _dataclass_at(cls: Any, loc: Location) -> Any:
    """The dataclass a mapping at ``loc`` is read into (``hearings[0]`` is a Hearing), or None.

    Follows the type hints down: through optional values (``CommentPeriod | None``) and lists.
    """
    for part in loc:
        if isinstance(part, int):
            args = get_args(cls) if get_origin(cls) is list else ()
            cls = args[0] if args else None
            continue
        if not (dataclasses.is_dataclass(cls) and isinstance(cls, type)):
            return None
        cls = get_type_hints(cls).get(part)
        if get_origin(cls) in (Union, types.UnionType):
            cls = next((a for a in get_args(cls) if a is not type(None)), None)
    return cls if dataclasses.is_dataclass(cls) and isinstance(cls, type) else None


def _known_keys(cls: Any, loc: Location) -> list[str]:
    """The keys a mapping at ``loc`` may have."""
    found = _dataclass_at(cls, loc)
    return [f.name for f in dataclasses.fields(found)] if found else []


# A date or time that does not parse, however pydantic came to try it (a bare year is read as a
# Unix timestamp, so "2026" is "a datetime with a time").
DATE_ERRORS = frozenset({"date_parsing", "date_from_datetime_parsing",
                         "date_from_datetime_inexact", "datetime_parsing",
                         "datetime_from_date_parsing"})


def _message(error: dict[str, Any], loc: Location, cls: Any = None) -> str:
    kind, where = error["type"], _dotted(loc)
    if kind == "unexpected_keyword_argument" or kind == "extra_forbidden":
        key = loc[-1] if loc else ""
        hint = did_you_mean(key, _known_keys(cls, loc[:-1])) if isinstance(key, str) else ""
        return f"unknown key {where!r}{hint}"
    if kind == "missing" or kind == "missing_argument":
        return f"missing required key {where!r}"
    if kind in DATE_ERRORS:  # (pydantic's words: "input is too short", "should have zero time")
        value = error.get("input")
        if isinstance(value, datetime):  # (YAML read it as a date and time already)
            value = value.isoformat(" ")
        if kind == "date_from_datetime_inexact" and isinstance(value, str) and ":" in value:
            return f"{where}: {value!r} has a time; this takes a date alone, like 2026-11-30"
        return f"{where}: {value!r} is not a date: write it as 2026-11-30 (year-month-day)"
    msg = error["msg"].removeprefix("Value error, ")  # a model's own check words its message
    if kind == "dataclass_type" or kind == "dataclass_exact_type":
        msg = "should be a mapping of keys to values"
    return f"{where}: {msg}" if where else msg


def _text_tag(part: object) -> bool:
    """A member of a text-or-mapping union (``Localized``), as pydantic names it in a loc."""
    return isinstance(part, str) and (part in ("str", "constrained-str")
                                      or part.startswith("dict["))


LOCALIZED = "should be text, or a mapping of language codes to text (en: ..., zh-Hans: ...)"


def validate(doc: YamlDoc, cls: type[T], path: str) -> tuple[T | None, list[Problem]]:
    """Build ``cls`` from the document, or return every problem found with its line."""
    data = {} if doc.data is None else doc.data
    try:
        return _adapter(cls).validate_python(data), []
    except ValidationError as exc:
        problems: dict[Location, Problem] = {}
        errors = exc.errors()
        # A text-or-mapping field names the member in the loc: drop it, and say what the
        # field takes unless a value inside the mapping is what is wrong.
        inner = {tuple(e["loc"][: i]) for e in errors
                 for i, part in enumerate(e["loc"]) if _text_tag(part) and i + 1 < len(e["loc"])}
        for error in errors:
            loc = tuple(error["loc"])
            # A date-or-datetime field reports once per member of the union: keep one.
            if "date" in error["type"] and loc and loc[-1] in _UNION_TAGS and len(loc) > 1:
                loc = loc[:-1]
            message = None
            if loc and _text_tag(loc[-1]):
                if loc[:-1] in inner:
                    continue
                loc, message = loc[:-1], f"{_dotted(loc[:-1])}: {LOCALIZED}"
            loc = tuple(part for part in loc if not _text_tag(part))
            if loc not in problems:
                message = message or _message(error, loc, cls)
                problems[loc] = Problem(path, doc.line_of(loc), message)
        return None, sorted(problems.values())
