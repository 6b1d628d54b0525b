"""``docket comments review``: a person walks through the pending comments one at a time.

Each comment is shown whole (who, when, the provision it is on by citation, flags, the text
as received, from ``.docket-private/``, with every span hidden at import marked and
numbered), then one line is read: ``p`` publish,
``r`` reject (a reason is asked for), ``s`` skip, ``u N`` undo proposed redaction N (``u``
alone: undo them all), ``q`` quit. Lines, not raw keys, so the same loop runs in a terminal,
over ssh and from a test's piped input. Every decision is committed to the store at once
(``moderation.decide``), so stopping at any point, Ctrl-C included, keeps every decision
already made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from ..model import Draft
from .listing import Entry, entries
from .moderation import Decision, decide
from .record import utc_text
from .redaction import interface_language, markers

HELP = "[p]ublish  [r]eject  [s]kip  [u N] undo redaction N  [q]uit"


@dataclass
class Tally:
    published: int = 0
    rejected: int = 0
    skipped: int = 0
    left: int = 0  # not reached (quit, end of input or Ctrl-C)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"published: {self.published}, rejected: {self.rejected}, "
                f"skipped: {self.skipped}, not reviewed: {self.left}")


def marked_text(entry: Entry) -> Text:
    """The comment as received (from ``.docket-private/``) with each span proposed for
    hiding marked and numbered: ``[1 email: jo@x.org]``. Without the original at hand, the
    stored text, its spans already hidden."""
    text, at = Text(), 0
    if entry.original is None:
        return Text(entry.comment.comment)
    body = entry.original
    for n, r in enumerate(entry.proposed, start=1):
        text.append(body[at:r.start])
        text.append(f"[{n} {r.kind}: {body[r.start:r.end]}]", style="bold red")
        at = r.end
    text.append(body[at:])
    return text


def show(console: Console, entry: Entry, n: int, total: int,
         shown: dict[str, str] | None = None) -> None:
    c = entry.comment
    shown = shown or markers()
    lines = Text()
    lines.append(f"{c.id}", style="bold")
    lines.append(f"  received {utc_text(c.received_date)} via {c.source}\n")
    lines.append("On: ", style="bold")
    lines.append(entry.placement.citation)
    if entry.placement.note:
        lines.append(f" ({entry.placement.note})", style="italic")
    lines.append("\n")
    who = [c.name if c.name_consent and c.name else "name withheld", c.organization,
           c.respondent_type or "respondent type not given"]
    lines.append("From: ", style="bold")
    lines.append(", ".join(w for w in who if w) + "\n")
    lines.append("Position: ", style="bold")
    lines.append((c.position or "not given") + "\n")
    if entry.flags:
        lines.append("Flags: ", style="bold yellow")
        lines.append(", ".join(entry.flags) + "\n", style="yellow")
    if c.attachments:
        lines.append("Attached: ", style="bold")
        lines.append(", ".join(c.attachments) + "\n")
    lines.append("\n")
    lines.append_text(marked_text(entry))
    if entry.proposed:
        lines.append("\n\nRedactions proposed (shown as):\n", style="bold")
        for k, r in enumerate(entry.proposed, start=1):
            lines.append(f"  {k}. {r.kind}, characters {r.start}-{r.end} → "
                         f"{shown.get(r.kind, shown[''])}\n")
        if entry.original is None:
            lines.append("  (the text as received is not in .docket-private/ here: "
                         "they can be kept, not undone)\n", style="italic")
    console.print(Panel(lines, title=f"Comment {n} of {total}", title_align="left"))


def ask(console: Console, read: Callable[[], str], prompt: str) -> str | None:
    """One line of input (None at the end of input)."""
    console.print(prompt, end="", markup=False)
    line = read()
    if not line:
        return None
    return line.strip()


def review(root: Path, draft: Draft, console: Console, stdin: TextIO, tally: Tally,
           language: str = "en") -> Tally:
    """Walk through ``draft``'s pending comments, counting in ``tally``. KeyboardInterrupt
    propagates, with every decision before it already in the store and counted in the
    caller's ``tally``."""
    pending = entries(root, draft, "pending")
    tally.left = len(pending)
    shown = markers(interface_language(draft.meta.language, language))
    if not pending:
        console.print(f"No pending comments on {draft.slug}.", markup=False)
        return tally
    for n, entry in enumerate(pending, start=1):
        show(console, entry, n, len(pending), shown)
        while True:
            answer = ask(console, stdin.readline, f"{HELP} > ")
            if answer is None or answer.lower() in ("q", "quit"):
                return tally
            command, _, rest = answer.partition(" ")
            command = command.lower()
            if command in ("p", "publish"):
                _commit(root, draft, Decision(entry.comment.id, "published",
                                              redactions=entry.proposed), tally, console)
                tally.published += 1
            elif command in ("r", "reject"):
                reason = rest.strip()
                while not reason:
                    given = ask(console, stdin.readline, "Reason for rejecting > ")
                    if given is None:
                        return tally
                    reason = given
                _commit(root, draft, Decision(entry.comment.id, "rejected", reason),
                        tally, console)
                tally.rejected += 1
            elif command in ("s", "skip", ""):
                tally.skipped += 1
            elif command in ("u", "undo"):
                if not _undo(console, entry, rest):
                    continue
                show(console, entry, n, len(pending), shown)
                continue
            else:
                console.print(f"Not understood: {answer!r}. {HELP}", markup=False)
                continue
            tally.left -= 1
            break
    return tally


def _undo(console: Console, entry: Entry, rest: str) -> bool:
    """Drop proposed redaction N (all of them without N); False if N is not one."""
    if not entry.proposed:
        console.print("No redaction is proposed for this comment.", markup=False)
        return False
    if entry.original is None:
        console.print("The text as received is not in .docket-private/ here, so a redaction "
                      "cannot be undone.", markup=False)
        return False
    if not rest.strip():
        entry.proposed = []
        return True
    try:
        numbers = {int(x) for x in rest.replace(",", " ").split()}
    except ValueError:
        numbers = {0}
    if not all(1 <= k <= len(entry.proposed) for k in numbers):
        console.print(f"No redaction {rest.strip()}: give 1 to {len(entry.proposed)}.",
                      markup=False)
        return False
    entry.proposed = [r for k, r in enumerate(entry.proposed, start=1) if k not in numbers]
    return True


def _commit(root: Path, draft: Draft, decision: Decision, tally: Tally,
            console: Console) -> None:
    outcome = decide(root, draft.slug, [decision])
    for comment_id, why in outcome.unchanged:
        tally.notes.append(f"{comment_id}: {why}")
        console.print(f"{comment_id} left as it is: {why}", markup=False)
    if outcome.changed:
        console.print(f"{decision.id} {decision.status}.", markup=False, style="green")
