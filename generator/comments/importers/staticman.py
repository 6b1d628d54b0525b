"""``staticman``: the entry files Staticman commits to the site's repository.

Staticman writes one file per entry under the ``path`` its staticman.yml gives (the clerk
points SOURCE at that folder once checked out, e.g. ``_data/comments``, or at one file), in
the ``format`` it names: ``yaml``/``yml`` (the default), ``json``, or ``frontmatter``, a
Markdown file whose YAML front matter holds the fields and whose body is the field its
``transforms`` mark ``frontmatterContent`` (for Docket's form, the comment), as Staticman's
own sample staticman.yml shows (github.com/eduardoboucas/hugo-plus-staticman). ``path`` may
hold placeholders (a folder per page): the folder is walked. A file holds the ``fields[...]`` the
form sent, under the names Docket's form gives them (``providers/staticman.py``: ``comment``,
``publish_name``...), Staticman's ``_id``, and what ``generatedFields`` adds, usually a
``date`` (ISO 8601, or a timestamp in seconds or milliseconds). A ``transforms: {email: md5}``
leaves the md5 of the address under ``email``: not an address, so no contact is kept from
it. The files are the commenters' input: YAML is read with the safe loader only, and a file
that cannot be read at all stops the import with its ``path:line``, as a broken line of
any other export does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ...content.yamlsource import YamlProblem, check_depth
from ..rows import NotComment, Row, Unreadable
from .fields import SourceContext, mapping
from .tabular import fail, read_json, read_text

NAME = "staticman"
TITLE = "Staticman (the entry files it commits: yml, json or frontmatter)"
FOLDERS = True  # SOURCE may be the folder of entries (importing.py lets a folder through)
SUFFIXES = (".yml", ".yaml", ".json", ".md")
MD5 = re.compile(r"[0-9a-fA-F]{32}")
DIGITS = re.compile(r"\d{9,14}")
FENCE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)
SCALARS = (str, int, float, bool, date, type(None))  # date: also YAML's datetimes


def read(ctx: SourceContext) -> Iterator[Row | NotComment | Unreadable]:
    records: list[tuple[int, str, dict[str, Any]]] = []
    for number, (path, name, shown) in enumerate(_entries(ctx), start=1):
        data = _load(path, shown)
        if not isinstance(data, dict):
            yield Unreadable(number, "item", f"{name}: not a Staticman entry (its fields as "
                             f"a mapping), but {_kind(data)}", {"file": name})
            continue
        records.append((number, name, _flat(data)))
    if not records:
        return
    headers = sorted({k for _, _, record in records for k in record})
    columns = mapping(headers, ctx)
    columns.pop("source_id", None)  # ``_id``, else the file's path: never a hash of content
    for number, name, record in records:
        values = {f: record.get(column) for f, column in columns.items()}
        if isinstance(values.get("email"), str) and MD5.fullmatch(values["email"].strip()):
            values["email"] = None  # md5 by staticman.yml's transforms: not an address
        received = values.get("received")
        if isinstance(received, str) and DIGITS.fullmatch(received.strip()):
            values["received"] = int(received.strip())  # a timestamp written as text
        source_id = str(record.get("_id") or "").strip() or name
        yield Row(number, "item", source_id, values, {"file": name, **record})


def _entries(ctx: SourceContext) -> list[tuple[Path, str, str]]:
    """(path, its name relative to SOURCE, how messages show it) for each entry file, in
    the order of their names; hidden folders (``.git``) are not entries."""
    if ctx.path.is_file():
        return [(ctx.path, ctx.path.name, ctx.shown)]
    found = sorted(
        p.relative_to(ctx.path).as_posix() for p in ctx.path.rglob("*")
        if p.suffix.lower() in SUFFIXES and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(ctx.path).parts)
    )
    if not found:
        raise fail(ctx.shown, 0, "no Staticman entries here (no .yml, .yaml, .json or .md "
                   "file in this folder or below it)")
    return [(ctx.path / name, name, str(Path(ctx.shown) / name)) for name in found]


def _load(path: Path, shown: str) -> Any:
    """The entry's content: JSON, YAML, or YAML front matter with the body as ``comment``."""
    if path.suffix.lower() == ".json":
        return read_json(path, shown)
    text = read_text(path, shown)
    if path.suffix.lower() == ".md":
        return _front_matter(text, shown)
    return _yaml(text, shown)


def _front_matter(text: str, shown: str) -> Any:
    """Staticman's ``frontmatter`` format: ``---``, the fields as YAML, ``---``, the body."""
    fences = list(FENCE.finditer(text))
    if len(fences) < 2 or fences[0].start() != 0:
        raise fail(shown, 1, "not a Staticman frontmatter entry (no --- front matter ---)")
    head = _yaml(text[fences[0].end():fences[1].start()], shown)  # lines as in the file
    body = text[fences[1].end():].strip("\n")
    if isinstance(head, dict) and body.strip() and "comment" not in head:
        head["comment"] = body
    return head


def _yaml(text: str, shown: str) -> Any:
    """The text as YAML, read with the safe loader only (the commenter wrote it), its
    nesting checked first: libyaml's composer recurses, and a deep one crashes Python."""
    try:
        check_depth(text, 0)
        return yaml.load(text, Loader=yaml.CSafeLoader)
    except YamlProblem as exc:
        raise fail(shown, exc.line, f"not valid YAML: {exc.message}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        raise fail(shown, line, f"not valid YAML: {problem}") from exc
    except RecursionError as exc:
        raise fail(shown, 1, "not valid YAML: nested too deeply") from exc


def _flat(data: dict[Any, Any]) -> dict[str, Any]:
    """The entry's fields that are values (a form's inputs are text): a nested mapping or
    list (an alias to itself included) is not one of Docket's fields and is left out."""
    return {str(k): v for k, v in data.items() if isinstance(v, SCALARS)}


def _kind(data: Any) -> str:
    if data is None:
        return "an empty file"
    if isinstance(data, list):
        return "a list"
    return f"a single value ({type(data).__name__})"
