"""From a form's answers to Docket's fields: the headings and keys exports use for each.

Hosted providers export what the form sent: Formspree and Netlify keep the input names the
Docket form gives them (``comment``, ``publish_name``...), Tally and Google Forms the
question titles someone typed. Each field therefore has a list of headings it is recognised
by, in English and Chinese; a mapping given on the command line (``--map comment="Your
view"``) or in site.yaml (``comments.import_columns``) names the column outright and wins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..ids import content_id
from ..rows import FIELDS, Row, Unit
from .tabular import fail, kind_of, listed, match_columns, read_csv, read_json, read_jsonl

ALIASES: dict[str, tuple[str, ...]] = {
    "source_id": ("id", "_id", "submission id", "response id", "submissionid", "responseid"),
    "received": ("received", "_date", "date", "submitted at", "submitted_at", "created_at",
                 "created at", "timestamp", "submission date", "received date", "提交时间"),
    "draft": ("draft",),
    "version": ("version",),
    "provision": ("provision", "provision id", "provision_id"),
    "name": ("name", "full name", "your name", "your full name", "姓名"),
    "email": ("email", "email address", "e-mail", "_replyto", "your email", "电子邮箱", "邮箱"),
    "organisation": ("organisation", "organization", "organisation name", "organization name",
                     "company", "单位", "单位名称"),
    "respondent_type": ("respondent_type", "respondent type", "responding as",
                        "i am responding as", "how are you responding", "身份"),
    "locality": ("locality", "town or postcode", "town", "postcode", "zip", "city", "所在地"),
    "position": ("position", "your position", "立场"),
    "comment": ("comment", "your comment", "comments", "message", "comment text", "意见",
                "意见内容"),
    "publish_name": ("publish_name", "publish name", "publish my name", "name consent",
                     "may we publish your name", "公开姓名"),
    "phone": ("phone", "telephone", "phone number", "电话", "手机"),
    "street_address": ("street address", "street_address", "address", "地址"),
    "attachments": ("attachments", "attachment", "files"),
}


@dataclass
class SourceContext:
    """What an importer is told: the file, how to name it in messages, the columns mapped
    by hand, and the site's ``comments:`` settings (google-forms' ``entries``, netlify's
    ``form_name``)."""

    path: Path
    shown: str
    columns: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)


def mapping(headers: list[str], ctx: SourceContext, only: Iterable[str] | None = None,
            need_comment: bool = True) -> dict[str, str]:
    """Field -> column for an export with these headings (see ALIASES)."""
    wanted = set(only) if only is not None else set(FIELDS)
    aliases = {f: names for f, names in ALIASES.items() if f in wanted}
    found = match_columns(headers, aliases, ctx.columns, ctx.shown)
    if need_comment and "comment" not in found:
        raise fail(ctx.shown, 1, "no column holds the comment (the columns are: "
                   f"{listed(headers)}); name it with --map comment=COLUMN")
    return found


def rows(records: Iterable[tuple[int, dict[str, Any]]], columns: dict[str, str],
         unit: Unit, id_prefix: str = "") -> Iterator[Row]:
    """A Row per record: each mapped field's value, the id the source gave (or a hash of
    the whole record when it gives none)."""
    for at, record in records:
        values = {f: record.get(column) for f, column in columns.items()}
        given = str(values.pop("source_id", "") or "").strip()
        source_id = id_prefix + given if given else content_id(
            {k: "" if v is None else str(v) for k, v in record.items()})
        yield Row(at, unit, source_id, values, record)  # each record is a dict of its own


def csv_rows(ctx: SourceContext) -> Iterator[Row]:
    """A CSV export whose columns are found by their headers (``mapping``), row by row,
    numbered by line: what most providers' CSV exports need and nothing more."""
    headers, records = read_csv(ctx.path, ctx.shown)
    yield from rows(records, mapping(headers, ctx), "line")


@dataclass(frozen=True)
class JsonExport:
    """The submissions of a JSON export, each with where it is: its item's number in a JSON
    list, or its line in a JSON Lines file (a webhook log)."""

    items: list[tuple[int, Any]]
    unit: Unit


def json_export(ctx: SourceContext, export: str, listed: Callable[[Any], list | None],
                unlisted: str, lines: bool = False) -> JsonExport | None:
    """A provider's JSON export read whole, or None when the file is CSV (the provider
    reads its CSV export its own way). The one dispatch on what the file is, for every
    provider with a JSON form: ``export`` names what was expected ("a Formspree export
    (JSON or CSV)"), ``listed`` finds the submissions in the JSON (None if they are not
    there, then ``unlisted`` says what is missing), ``lines``: JSON Lines is read too, one
    submission per line."""
    kind = kind_of(ctx.path, ctx.shown)
    if kind == "csv":
        return None
    if kind == "jsonl" and lines:
        return JsonExport(list(read_jsonl(ctx.path, ctx.shown)), "line")
    if kind != "json":
        raise fail(ctx.shown, 1, f"not {export}; this is {kind}")
    items = listed(read_json(ctx.path, ctx.shown))
    if items is None:
        raise fail(ctx.shown, 1, f"not {unlisted}")
    return JsonExport(list(enumerate(items, start=1)), "item")


def record_rows(records: list[tuple[int, dict[str, Any]]], ctx: SourceContext,
                unit: Unit) -> Iterator[Row]:
    """Rows of JSON records, their columns the union of every record's keys."""
    if records:
        headers = sorted({k for _, record in records for k in record})
        yield from rows(records, mapping(headers, ctx), unit)
