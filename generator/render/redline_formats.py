"""``docket diff``: two version files compared outside any site, as text, HTML or JSON.

The comparison is the site's own (``redline.compare``); only the presentation differs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from rich.text import Text

from ..content.loader import MAX_FILE_BYTES, split_front_matter
from ..inputfiles import Unreadable, read_bytes
from ..problems import Problem
from ..provisions.citation import citations, cite_row
from ..provisions.parser import parse_version
from ..redline import Op, Redline, Row, TableDiff, compare, to_json
from ..theme import template_dirs
from .environment import Assets, make_environment


def load_version_file(path: Path):
    """Parse a version file (front matter optional: it may come from anywhere) into its root
    provision and problems. Read as a site's version files are: a regular file of a sensible
    size (never a FIFO that would hang), in UTF-8."""
    try:
        raw = read_bytes(path, MAX_FILE_BYTES)
    except (OSError, Unreadable) as exc:
        return None, [Problem(str(path), 0, f"cannot read: {exc}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:  # (as ``docket check`` says it: where, not the codec)
        return None, [Problem(str(path), raw[: exc.start].count(b"\n") + 1,
                              f"not valid UTF-8 (byte {exc.start})")]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    split = split_front_matter(text)
    body, offset = (split[1], split[2]) if split else (text, 0)
    parsed = parse_version(body, str(path), offset)
    return parsed.root, parsed.problems


def _status(row: Row, cite: tuple[str, str]) -> str:
    words = [row.status] if row.status != "unchanged" else []
    old, new = cite
    if row.moved:
        words.append(f"moved from {row.old.title or row.old.id}")
    elif row.renumbered:
        words.append(f"renumbered, was {old or row.old.label or row.old.id}")
    elif row.old is not None and row.new is not None and old and new and old != new:
        words.append(f"was {old}")  # its parent was renumbered: 5(a) was 4(a)
    return ", ".join(words)


def _runs(out: Text, ops: list[Op], indent: str) -> None:
    for tag, text in ops:
        text = text.replace("\n", "\n" + indent)
        if tag == "=":
            out.append(text)
        elif tag == "+":
            out.append("{+" + text + "+}", style="green")
        else:
            out.append("[-" + text + "-]", style="red")


ROW_MARKS = {"unchanged": " ", "amended": "~", "added": "+", "repealed": "-"}


def _table(out: Text, table: TableDiff) -> None:
    """A table as Markdown-like rows, each cell marked, each row flagged in the margin."""
    for row in table.rows:
        changed = row.status != "unchanged"
        out.append(f"  {ROW_MARKS[row.status]} |", style="bold" if changed else "")
        for cell in row.cells:
            out.append(" ")
            _runs(out, cell, " ")
            out.append(" |")
        out.append("\n")


def as_text(redline: Redline, cites: _Citations | None = None) -> Text:
    """Changed provisions only, each named by its citation (``Section 3(a)(1)``) and its
    words marked like ``git diff --word-diff``: ``[-struck-]`` and ``{+inserted+}``, coloured
    when the terminal allows; tables row by row, cell by cell."""
    out = Text()
    marks = {"added": "+", "repealed": "-", "amended": "~", "unchanged": ">"}
    for row in redline.rows:
        if not row.changed:
            continue
        side = row.new or row.old
        cite = cites.cite(row) if cites else (row.old.label if row.old else "",
                                              row.new.label if row.new else "")
        name = (cite[1] or cite[0]) or side.title or side.id or "preamble"
        status = _status(row, cite)
        out.append(f"{marks[row.status]} {name}", style="bold")
        out.append(f"  ({status})\n" if status else "\n", style="cyan")
        layout = row.layout
        if layout.heading is not None:
            out.append("    ")
            _runs(out, layout.heading, "    ")
            out.append("\n")
        for block in layout.blocks:
            if isinstance(block, TableDiff):
                _table(out, block)
            else:
                out.append("    ")
                _runs(out, block, "    ")
                out.append("\n")
        out.append("\n")
    s = redline.summary
    out.append(f"{s.amended} amended, {s.added} added, {s.repealed} repealed, {s.moved} moved, "
               f"{s.renumbered} renumbered\n", style="bold")
    return out


def as_json(redline: Redline, old: Path, new: Path, cites: _Citations | None = None) -> str:
    data = to_json(redline, cites.cite if cites else None)
    return json.dumps({"old": str(old), "new": str(new), **data}, ensure_ascii=False, indent=2)


@dataclass
class _Citations:
    """What the redline macros need to name each row: its citation on either side."""

    old: dict[str, str]
    new: dict[str, str]

    def cite(self, row: Row) -> tuple[str, str]:
        return cite_row(row, self.old, self.new)


def as_html(redline: Redline, old: Path, new: Path, root: Path, cites: _Citations) -> str:
    """A standalone page (inline view) with the theme's redline macros and stylesheet inlined."""
    dirs = template_dirs(root)
    assets = Assets.collect(dirs)
    env = make_environment("en", ZoneInfo("UTC"), assets)
    css = "\n".join(assets.sources[name].read_text(encoding="utf-8")
                    for name in ("style.css", "redline.css"))
    return env.get_template("diff.html").render(redline=redline, old=str(old), new=str(new),
                                                stylesheet=css, lang="en", c=cites)


def diff_files(old: Path, new: Path) -> tuple[Redline | None, _Citations | None, list[Problem]]:
    old_root, problems = load_version_file(old)
    new_root, more = load_version_file(new)
    # Comparing is not publishing: what parsing found wrong (a duplicated number...) is worth
    # knowing, never a reason to refuse; only a file that cannot be read stops the comparison.
    problems = [p if old_root is None or new_root is None else replace(p, severity="warning")
                for p in problems + more]
    if old_root is None or new_root is None:
        return None, None, problems
    cites = _Citations(citations(SimpleNamespace(root=old_root)),
                       citations(SimpleNamespace(root=new_root)))
    return compare(old_root, new_root), cites, problems
