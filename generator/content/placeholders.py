"""The placeholder text ``docket new`` writes, and finding it left in a draft.

``docket new`` fills a draft with words to replace; ``docket check`` warns about any still
there, so a summary or a definition nobody wrote is not published (or opened to comment).
The scaffold writes these very strings, so the two cannot drift apart.
"""

from __future__ import annotations

from ..problems import Problem

SUMMARY = "One to three sentences saying what this draft does, in plain language."
# Lines of the first version's text that are there only to be replaced.
TEXT = ('"Term" means ...', '"Other term" means ...')


def message(placeholder: str) -> str:
    return f"placeholder text left from `docket new`: {placeholder!r}; replace it"


def is_summary_placeholder(summary: str) -> bool:
    """Is this draft.yaml summary the scaffold's (however the YAML folded it)?"""
    return " ".join(summary.split()) == SUMMARY


def text_placeholders(text: str, path: str, line_offset: int = 0) -> list[Problem]:
    """A warning for each line of a version's text holding a placeholder of the scaffold."""
    if not any(p in text for p in TEXT):  # the usual case: one pass over the text
        return []
    return [
        Problem(path, n + line_offset, message(p), "warning")
        for n, line in enumerate(text.split("\n"), start=1)
        for p in TEXT
        if p in line
    ]
