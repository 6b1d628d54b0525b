"""``docket comments import``: one source into the store, all of it or none of it.

Read the source row by row, judging each as it comes (``normalise.py``), hiding the contact
details inside its text (``redaction.propose``: the text as received goes to
``.docket-private/``, never to the public line) and skipping what
the store already has from that source (a source found unreadable midway stops the import
before anything is written), then write the new records, with the draft's campaigns
regrouped (``campaigns.py``), the contacts and the quarantined rows in one transaction
(``store.py``). Nothing is
lost (a row that cannot be taken is quarantined with its place and reason) and nothing is
doubled (a source id already in the store, or twice in the same file, is counted as
already present).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.loader import load_project
from ..problems import Problem, ProblemsFound, UsageError, display_path
from .campaigns import assign
from .importers import IMPORTERS, SourceContext
from .judging import Judged, judged, record
from .normalise import Rules, judge
from .record import Comment, Contact
from .rows import FIELDS, NotComment, Row, SourceError, Unreadable
from .sketches import Sketcher
from .store import (
    Transaction,
    as_line,
    comments_file,
    contacts_file,
    lines_of,
    locked,
    merged,
    originals_file,
    pause,
    quarantine_file,
    stage_format,
)
from .workers import Workers


@dataclass
class Counts:
    imported: int = 0
    present: int = 0
    quarantined: int = 0
    not_comments: int = 0

    def summary(self) -> str:
        line = (f"imported: {self.imported}, already present: {self.present}, "
                f"quarantined: {self.quarantined}")
        if self.not_comments:
            line += f", not comments: {self.not_comments}"
        return line


@dataclass
class Result:
    counts: Counts
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def column_mapping(pairs: list[str], settings: dict[str, Any]) -> dict[str, str]:
    """Field -> column: site.yaml's ``comments.import_columns``, then ``--map FIELD=COLUMN``."""
    given = settings.get("import_columns") or {}
    if not isinstance(given, dict):
        raise UsageError("comments.import_columns in site.yaml must map fields to columns")
    columns = {str(k): str(v) for k, v in given.items()}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise UsageError(f"--map {pair!r}: write FIELD=COLUMN, like comment=\"Your view\"")
        columns[name.strip()] = column.strip()
    for name in columns:
        if name not in FIELDS:
            raise UsageError(f"unknown field {name!r} in the column mapping (one of: "
                             f"{', '.join(FIELDS)})")
    return columns


def source_name(path: Path, root: Path) -> str:
    """How the quarantine names a source: stable whatever folder the command ran from."""
    resolved = path.resolve()
    return display_path(resolved, root.resolve())


def run_import(root: Path, provider: str, source: Path, draft: str | None = None,
               maps: list[str] | None = None, workers: int = 1) -> Result:
    """Import ``source``; ``workers`` processes sketch texts for the campaign grouping of a
    large store (``campaigns.group``: the ``docket`` command asks for them)."""
    module = IMPORTERS.get(provider)
    if module is None:
        raise UsageError(f"unknown source {provider!r} (one of: {', '.join(IMPORTERS)})")
    loaded = load_project(root, parse=False)
    if loaded.project is None:
        raise ProblemsFound(loaded.problems)
    project = loaded.project
    drafts = {d.slug: d for d in project.drafts}
    if draft is not None and draft not in drafts:
        raise UsageError(f"--draft {draft!r}: no such draft (the project has: "
                         f"{', '.join(drafts) or 'none'})")
    settings = dict(vars(project.config.comments))
    shown = str(source)
    folder = getattr(module, "FOLDERS", False) and source.is_dir()  # staticman's entries
    if not (source.is_file() or folder):
        raise ProblemsFound([Problem(shown, 0, "no such file")])
    ctx = SourceContext(source, shown, column_mapping(maps or [], settings), settings)
    rules = Rules(drafts, draft, project.config.tz,
                  str(settings.get("tracking_prefix") or "DKT"), provider,
                  project.config.language)

    try:
        return _store(root, module.read(ctx), rules, shown, source_name(source, root),
                      workers)
    except SourceError as exc:  # raised while reading, before anything was staged
        return Result(Counts(), exc.problems)


def _store(root: Path, rows: Iterable[Row | NotComment | Unreadable], rules: Rules,
           shown: str, source: str, workers: int = 1) -> Result:
    """Judge the rows as they are read (in worker processes for a large import,
    ``judging.py``), then write the new records, with every touched draft's campaigns
    regrouped (``campaigns.py``), its contacts and the quarantine, in one transaction."""
    counts = Counts()
    problems: list[Problem] = []
    # Each new comment's text is sketched for the campaign grouping as it is judged, by
    # the workers, while this process goes on reading (``sketches.py``).
    with locked(root), Workers(workers) as pool:
        sketcher = Sketcher(pool)
        keys: set[tuple[str, str]] = set()
        ids: set[str] = set()
        for slug in rules.drafts:
            for _, _, value in lines_of(comments_file(root, slug), root):
                keys.add((str(value.get("source", "")), str(value.get("source_id", ""))))
                ids.add(str(value.get("id", "")))
        new: dict[str, list[tuple[str, str, str | None]]] = {}
        originals: dict[str, list[tuple[str, str]]] = {}
        marks: dict[str, dict[str, str]] = {}  # slug -> its redaction markers
        held: list[dict[str, Any]] = []
        for row, verdict in judged(rows, rules, shown, keys, pool, sketcher):
            where = "" if row.unit == "line" else f" ({row.unit} {row.at})"
            if isinstance(row, NotComment):
                counts.not_comments += 1
                continue
            if isinstance(row, Unreadable):
                reason, raw = row.reason, row.raw
            elif (rules.source, row.source_id) in keys:
                counts.present += 1
                continue
            else:
                if isinstance(verdict, Judged) and verdict.id in ids:
                    # Its number was drawn as if none were taken, and this one is: the row
                    # is judged again here, and draws the next number of its sequence.
                    again = judge(row, rules, ids.__contains__)
                    verdict = again if isinstance(again, str) else _here(
                        again, rules, marks, shown, row, sketcher)
                if isinstance(verdict, str):
                    reason, raw = verdict, row.raw
                else:
                    assert verdict is not None  # a row not judged was already present
                    if verdict.original is not None:
                        originals.setdefault(verdict.draft, []).append(
                            (verdict.id, verdict.original))
                    keys.add((rules.source, row.source_id))
                    ids.add(verdict.id)
                    counts.imported += 1
                    new.setdefault(verdict.draft, []).append(
                        (verdict.id, verdict.line, verdict.private))
                    problems += verdict.problems
                    continue
            counts.quarantined += 1
            problems.append(Problem(shown, row.at if row.unit == "line" else 0,
                                    f"quarantined{where}: {reason}"))
            held.append({"source": source, "provider": rules.source, "unit": row.unit,
                         "at": row.at, "reason": reason, "row": _plain(raw)})
        transaction = Transaction(root)
        for slug, items in sorted(new.items()):
            public = comments_file(root, slug)
            fresh = sorted((i, line) for i, line, _ in items)
            _, lines = assign(lambda public=public, fresh=fresh: merged(public, root, fresh),
                              workers, sketcher)
            transaction.stage(public, lines)
            pause("staged-first")
            private = contacts_file(root, slug)
            contacts = [(i, line) for i, _, line in items if line is not None]
            if contacts:
                transaction.stage(private, merged(private, root, contacts))
            if slug in originals:
                texts = originals_file(root, slug)
                transaction.stage(texts, merged(texts, root, originals[slug]))
            stage_format(root, transaction, slug)
        if held:
            _stage_quarantine(root, transaction, held)
        transaction.commit()
    return Result(counts, problems)


def _here(verdict: tuple[Comment, Contact], rules: Rules, marks: dict[str, dict[str, str]],
          shown: str, row: Row, sketcher: Sketcher) -> Judged:
    """A row judged in this process made a record, its text sketched with the others."""
    made, text = record(verdict, rules, marks, shown, row)
    sketcher.add(text)
    return made


def _plain(raw: dict[str, Any]) -> dict[str, Any]:
    """A row as JSON can hold it (a database's bytes or a number kept as text)."""
    return json.loads(json.dumps(raw, ensure_ascii=False, default=str))


def _stage_quarantine(root: Path, transaction: Transaction, held: list[dict[str, Any]]) -> None:
    """The quarantine with this import's rows added; a row already held (the same source,
    place, reason and content) is not held twice, so a re-run changes no byte."""
    path = quarantine_file(root)
    lines = {line for _, line, _ in lines_of(path, root)}
    before = len(lines)
    lines |= {as_line(entry) for entry in held}
    if len(lines) == before:
        return

    def order(line: str) -> tuple:
        value = json.loads(line)
        return (value.get("source", ""), value.get("unit", ""), value.get("at", 0), line)

    transaction.stage(path, sorted(lines, key=order))
