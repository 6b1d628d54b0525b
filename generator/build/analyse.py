"""The analyse stage of a build: every draft's texts parsed, and what parsing found.

Loading (``content/``) reads the files into the model and leaves each version's text to be
parsed; analysing parses it into provisions (``provisions/``) and collects the problems,
draft by draft, as data: ``Analysis``. A build raises them before rendering anything.

Parsing is a pure function of a text (and of Docket's code, in the build's key), so a draft
whose files hash as they did for the last build is not analysed again: its problems are
the ones that build recorded (``BuildState.texts``). The drafts that are analysed are
parsed in the processes that then render them (``workers.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..fingerprints import Inputs
from ..model import Project
from ..problems import Problem
from .state import BuildState


@dataclass(frozen=True)
class Analysis:
    """What analysing the drafts found: each draft's problems (every draft, those analysed
    by this build and those taken from the last build's record)."""

    problems: dict[str, list[Problem]]  # draft slug -> what parsing its versions found
    analysed: frozenset[str]  # the drafts this build parsed

    def all(self) -> list[Problem]:
        return sorted(p for found in self.problems.values() for p in found)


def to_analyse(project: Project, inputs: Inputs, previous: BuildState | None) -> list[str]:
    """The drafts whose texts must be parsed: all of them without a last build of the same
    key, else those whose files changed since it (or that it has no record of)."""
    if previous is None:
        return [d.slug for d in project.drafts]
    return [d.slug for d in project.drafts
            if d.slug not in previous.texts
            or previous.drafts.get(d.slug) != inputs.drafts.get(d.slug)]


def analysis(project: Project, previous: BuildState | None,
             found: Iterable[tuple[str, list[Problem]]]) -> Analysis:
    """The analysis of every draft: ``found`` for those parsed (``to_analyse``), the last
    build's record for the others."""
    fresh = dict(found)
    problems: dict[str, list[Problem]] = {}
    for draft in project.drafts:
        slug = draft.slug
        if slug in fresh:
            problems[slug] = fresh[slug]
        elif previous is not None:
            problems[slug] = [Problem(*row) for row in previous.texts.get(slug, [])]
    return Analysis(problems, frozenset(fresh))
