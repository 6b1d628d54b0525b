"""Problems found in a project's files, reported all at once like a compiler's errors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding with its source location; ``str()`` gives ``path:line: message``."""

    path: str
    line: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def display_path(path: Path, root: Path) -> str:
    """The path as a user would type it from the project root (relative when possible)."""
    if path.is_relative_to(root):  # the usual case, without touching the file system
        return str(path.relative_to(root))
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """``: did you mean 'closes'?`` for the known word nearest a typo, or "" if none is near:
    an unknown key is far quicker to fix when the message names the one that was meant."""
    from difflib import get_close_matches  # (here: most commands never suggest a word)

    nearest = get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f": did you mean {nearest[0]!r}?" if nearest else ""


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)


class ProblemsFound(Exception):
    """Raised by a command that cannot go on because the content has errors."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{sum(p.is_error for p in problems)} error(s)")
        self.problems = problems

    def __reduce__(self):  # raised in a render worker, re-raised in the parent
        return (ProblemsFound, (self.problems,))


class UsageError(Exception):
    """A command asked for something that cannot be done as asked (an unknown draft or
    source, a bad option value, a database inside site/): ``cli.main`` reports it as wrong
    usage, exit 2, naming the command."""
