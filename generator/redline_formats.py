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

from .content.loader import split_front_matter
from .problems import Problem
from .provisions.citation import citations
from .provisions.parser import parse_version
from .redline import Redline, Row, compare, to_json
from .render.environment import Assets, make_environment
from .theme import template_dirs


def load_version_file(path: Path):
    """Parse a version file (front matter optional) into its root provision and problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(str(path), 0, f"cannot read: {exc}")]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    split = split_front_matter(text)
    body, offset = (split[1], split[2]) if split else (text, 0)
    parsed = parse_version(body, str(path), offset)
    return parsed.root, parsed.problems


def _status(row: Row) -> str:
    words = [row.status] if row.status != "unchanged" else []
    if row.moved:
        words.append(f"moved from {row.old.title or row.old.id}")
    elif row.renumbered:
        words.append(f"renumbered, was {row.old.label or row.old.id}")
    return ", ".join(words)


def as_text(redline: Redline) -> Text:
    """Changed provisions only, each with its words marked like ``git diff --word-diff``:
    ``[-struck-]`` and ``{+inserted+}``, coloured when the terminal allows."""
    out = Text()
    marks = {"added": "+", "repealed": "-", "amended": "~", "unchanged": ">"}
    for row in redline.rows:
        if not row.changed:
            continue
        side = row.new or row.old
        name = side.title or side.id or "(preamble)"
        out.append(f"{marks[row.status]} {side.id or 'preamble'}  {name}  ", style="bold")
        out.append(f"({_status(row)})\n", style="cyan")
        out.append("    ")
        for tag, text in row.ops:
            text = text.replace("\n", "\n    ")
            if tag == "=":
                out.append(text)
            elif tag == "+":
                out.append("{+" + text + "+}", style="green")
            else:
                out.append("[-" + text + "-]", style="red")
        out.append("\n\n")
    s = redline.summary
    out.append(f"{s.amended} amended, {s.added} added, {s.repealed} repealed, {s.moved} moved, "
               f"{s.renumbered} renumbered\n", style="bold")
    return out


def as_json(redline: Redline, old: Path, new: Path) -> str:
    return json.dumps({"old": str(old), "new": str(new), **to_json(redline)},
                      ensure_ascii=False, indent=2)


@dataclass
class _Citations:
    """What the redline macros need to name each row: its citation on either side."""

    old: dict[str, str]
    new: dict[str, str]

    def cite(self, row: Row) -> tuple[str, str]:
        old = self.old.get(row.old.id, row.old.label) if row.old is not None else ""
        new = self.new.get(row.new.id, row.new.label) if row.new is not None else ""
        return old, new


def as_html(redline: Redline, old: Path, new: Path, root: Path, cites: _Citations) -> str:
    """A standalone page (inline view) with the theme's redline macros and stylesheet inlined."""
    dirs = template_dirs(root)
    assets = Assets.collect(dirs)
    env = make_environment(root, "en", ZoneInfo("UTC"), assets)
    css = assets.sources["style.css"].read_text(encoding="utf-8")
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
