"""``docket comments list`` and ``stats`` as a person reads them in a terminal.

What is listed and counted is ``listing.py``'s; this only lays it out with rich (the command
line hands in its console), so ``cli.py`` stays a dispatcher and the JSON and CSV forms,
for programs, stay beside the data they are made from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from ..model import Draft
from .listing import Entry, Stats
from .placement import WHOLE

if TYPE_CHECKING:
    from rich.console import Console


def excerpt(text: str, limit: int = 80) -> str:
    """The text on one line, cut to ``limit`` terminal columns with an ellipsis (a Chinese
    character takes two: cut by characters, a Chinese comment took 160)."""
    flat = " ".join(text.split())
    if cell_len(flat) <= limit:
        return flat
    return set_cell_size(flat, limit - 1).rstrip() + "…"


def print_list(out: Console, draft: Draft, items: list[Entry], status: str | None) -> None:
    """Each comment: its id, date, status, the provision it is on now, position and type,
    flags, why it was moved, and the start of its text as it would be shown."""
    out.print(f"{draft.slug}: {len(items)} comment(s)" + (f", {status}" if status else ""),
              style="bold", markup=False)
    for e in items:
        c = e.comment
        on = e.placement.citation if e.placement.citation != WHOLE else "whole draft"
        line = Text("\n")
        line.append(c.id, style="bold")
        line.append(f"  {c.received_date:%Y-%m-%d}  {c.status}  ")
        line.append(on, style="cyan")
        line.append(f"  {c.position or 'no position'} · {c.respondent_type or 'type not given'}")
        if e.flags:
            line.append(f"  [{', '.join(e.flags)}]", style="yellow")
        if e.placement.note:
            line.append(f"\n    ({e.placement.note})", style="italic")
        line.append(f"\n    {excerpt(e.shown)}")
        out.print(line, soft_wrap=True)


def print_stats(out: Console, draft: Draft, counted: Stats) -> None:
    """The counts by status, then by provision, position and respondent type."""
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(counted.by_status.items()))
    out.print(f"{draft.slug}: {counted.total} comment(s) pending or published "
              f"({statuses or 'none'})", markup=False)
    sections = [("By provision", counted.by_provision),
                ("By position", sorted(counted.by_position.items())),
                ("By respondent type", sorted(counted.by_respondent.items()))]
    for title, pairs in sections:
        out.print(f"\n{title}:", markup=False, style="bold")
        width = max((cell_len(k) for k, _ in pairs), default=0)  # 第三条 takes six columns
        for key, count in pairs:
            padding = " " * (width - cell_len(key))
            out.print(f"  {key}{padding}  {count:>6}", markup=False, soft_wrap=True)
    if counted.moved:
        out.print(f"\n{counted.moved} comment(s) counted under the provision they are on "
                  "now, renumbered or moved since they were made (see docket comments list).",
                  markup=False)
