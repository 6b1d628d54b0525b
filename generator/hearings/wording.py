"""The words of the summary and the handling report: labels in an interface language (from
the catalogs, so ``make messages`` finds them), the environment their HTML is rendered in,
and Markdown that keeps untrusted text (what commenters and staff typed) as text."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from jinja2 import Environment

from ..comments.record import utc_text
from ..i18n import known, punctuation, translations
from ..model import SiteConfig
from ..render.environment import Assets, make_environment
from ..theme import template_dirs


def interface_language(language: str) -> str:
    """The interface language labels are given in for a draft written in ``language``:
    its own when Docket has it (``zh-Hans``), Chinese for any Chinese, else English."""
    if known(language):
        return language
    return "zh-Hans" if language.split("-")[0].lower() == "zh" else "en"


def environment(root: Path, config: SiteConfig, language: str) -> tuple[Environment, Assets]:
    """The theme's templates (the project's first) in ``language``, as a build has them."""
    assets = Assets.collect(template_dirs(root))
    return make_environment(interface_language(language), config.tz, assets), assets


def when(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    return utc_text(value) if isinstance(value, datetime) and value.tzinfo else value.isoformat()


# Characters that make Markdown inline markup (emphasis, code, links, images, autolinks,
# raw HTML, entities, table cells, strikethrough; "@" and the ":" of "://" stop GFM's bare
# addresses becoming links): escaped with a backslash, as CommonMark allows before any ASCII
# punctuation.
_INLINE = re.compile(r"([\\`*_\[\]<>!&|~@]|:(?=//))")
# What makes a block at the start of a line: a heading, list item, quote, rule, setext line.
_BLOCK = re.compile(r"^([#>+=-]|\d+[.)])")
_WWW = re.compile(r"(?i)\b(www)\.")


def md_text(text: str) -> str:
    """Untrusted text for a Markdown line: on one line, with what could become markup
    escaped (a commenter's text stays text in any Markdown renderer)."""
    flat = _INLINE.sub(r"\\\1", " ".join(text.split()))
    flat = _WWW.sub(r"\1\\.", flat)
    return _BLOCK.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], flat)


class Labels:
    """The summary's words in one interface language (extracted by ``make messages``)."""

    def __init__(self, language: str):
        tr = translations(interface_language(language))
        _ = tr.gettext
        self.gettext: Callable[[str], str] = tr.gettext
        self.ngettext = tr.ngettext
        self.punct = punctuation(interface_language(language))
        self.positions = {"support": _("Support"), "oppose": _("Oppose"),
                          "neutral": _("Neutral"), "mixed": _("Mixed"), "": _("Not stated")}
        self.results = {"accepted": _("Accepted"), "partly-accepted": _("Partly accepted"),
                        "not-accepted": _("Not accepted"), "noted": _("Noted"),
                        "in-progress": _("In progress")}
        self.stages = {"before": _("Before handling"), "during": _("During handling"),
                       "after": _("After handling"), "spot-check": _("Spot check")}
        self.respondents = {"individual": _("Individual"), "organisation": _("Organisation"),
                            "organization": _("Organisation"), "business": _("Business"),
                            "government": _("Government"),
                            "representative": _("Representative"), "": _("Not stated")}

    def position(self, key: str) -> str:
        return self.positions.get(key, key)

    def respondent(self, key: str) -> str:
        return self.respondents.get(key, key)

    def result(self, key: str) -> str:
        return self.results.get(key, key)

    def stage(self, key: str) -> str:
        return self.stages.get(key, key)


def table(head: list[str], rows: list[list[str]], text: tuple[int, ...] = (0,)) -> list[str]:
    """A Markdown table; the columns but ``text`` hold numbers (aligned right)."""
    align = ["---" if n in text else "---:" for n in range(len(head))]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines
