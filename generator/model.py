"""The content model: plain dataclasses that every stage of the pipeline reads.

Loading fills these from files (``content/``), analysis adds provisions (``provisions/``),
rendering only reads them (``render/``).  Nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo

from pydantic import BeforeValidator, ConfigDict, Field, with_config

from .problems import Problem
from .responses.model import Round, Thresholds

STRICT = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True)


# ---------------------------------------------------------------- configuration (site.yaml)


@with_config(ConfigDict(extra="allow", coerce_numbers_to_str=True))
@dataclass
class CommentsConfig:
    """Where the comment form posts; provider-specific settings ride along as extra keys."""

    provider: str = "local"


# The site's own words: one text for every interface language, or one per language
# ({en: ..., zh-Hans: ...}; the site's default language must be among them).
Localized = str | dict[str, str]


def in_language(value: Localized, code: str, default: str) -> tuple[str, str]:
    """(the text of ``value`` to show in interface language ``code``, the language it is in):
    its own when given, else the default language's (a plain string is in that language)."""
    if isinstance(value, str):
        return value, default
    if code in value:
        return value[code], code
    return value.get(default, ""), default


@with_config(STRICT)
@dataclass
class SmtpConfig:
    """The mail server that sends receipts (``docket intake``) and ``docket comments notify``'s
    messages. The password is never in site.yaml: it is read from the environment variable
    named by ``password_env`` when a message is sent."""

    host: str
    sender: str = Field(alias="from")  # the From: address (``from:`` in site.yaml)
    port: int = 587
    username: str = ""
    security: str = "starttls"  # starttls | tls | none
    password_env: str = "DOCKET_SMTP_PASSWORD"
    timeout: float = 20.0  # seconds to wait for the server


@with_config(STRICT)
@dataclass
class SiteConfig:
    title: Localized
    body: Localized = ""
    base_url: str = "http://127.0.0.1:8000/"
    language: str = "en"
    # Interface languages: the first is the site root, each other one is built under /<code>/.
    languages: list[str] = field(default_factory=list)
    timezone: str = "UTC"
    comments: CommentsConfig = field(default_factory=CommentsConfig)
    # Places outside the project that inputs (drafts, templates) may be linked to; by
    # default a file that resolves outside the project is refused, never published.
    allow_outside_root: list[str] = field(default_factory=list)
    # Optional: the mail server for receipts and notices (see SmtpConfig); None sends none.
    smtp: SmtpConfig | None = None
    # The satisfaction rates below which a response is marked (see responses/satisfaction.py).
    satisfaction: Thresholds = field(default_factory=Thresholds)

    @property
    def tz(self) -> ZoneInfo:
        """The site's time zone (checked when site.yaml is loaded): every date on the site is
        in it. One object per name (``ZoneInfo`` keeps them), however often it is asked for."""
        return ZoneInfo(self.timezone)

    def for_language(self, code: str) -> SiteConfig:
        """The site as its pages in interface language ``code`` show it: ``language`` is that
        language, ``title`` and ``body`` plain text in it (or in the default language)."""
        return replace(self, language=code, title=in_language(self.title, code, self.language)[0],
                       body=in_language(self.body, code, self.language)[0])


# ---------------------------------------------------------------- draft.yaml and front matter


@with_config(STRICT)
@dataclass
class CommentPeriod:
    """Dates are whole days in the site's time zone unless a time is given."""

    opens: datetime | date
    closes: datetime | date
    allow_late: bool = False


WitnessPosition = Literal["for", "against", "neutral", "informational"]
WITNESS_POSITIONS: tuple[str, ...] = get_args(WitnessPosition)


def _witness_entry(value: Any) -> Any:
    """A witness as draft.yaml may give one: a plain string is a name; ``organisation`` is
    ``organization`` spelled the other way (both accepted, not both at once)."""
    if isinstance(value, str):
        return {"name": value}
    if not isinstance(value, dict):
        raise ValueError("should be a name, or a mapping of name, organization and position")
    if "organisation" in value:
        if "organization" in value:
            raise ValueError("give organisation or organization, not both")
        value = {("organization" if k == "organisation" else k): v for k, v in value.items()}
    return value


@with_config(STRICT)
@dataclass
class Witness:
    """Who is invited to testify at a hearing, and on which side (if given)."""

    name: str
    organization: str = ""
    position: WitnessPosition | None = None

    @property
    def plain(self) -> bool:
        """Given as a plain name (or as a mapping saying no more than one)."""
        return not self.organization and self.position is None


@with_config(STRICT)
@dataclass
class Hearing:
    id: str
    date: datetime | date
    place: str = ""
    committee: str = ""
    agenda: list[str] = field(default_factory=list)
    witnesses: list[Annotated[Witness, BeforeValidator(_witness_entry)]] = field(
        default_factory=list)

    def witness_groups(self) -> list[tuple[str, list[Witness]]]:
        """The witnesses by position (for, against, neutral, informational, then those
        given without one, as ""), each group in the order given; empty groups left out."""
        order = [*WITNESS_POSITIONS, ""]
        groups: dict[str, list[Witness]] = {key: [] for key in order}
        for witness in self.witnesses:
            groups[witness.position or ""].append(witness)
        return [(key, groups[key]) for key in order if groups[key]]


@with_config(STRICT)
@dataclass
class DraftMeta:
    title: str
    number: str = ""
    sponsors: list[str] = field(default_factory=list)
    committee: str = ""
    status: str = ""
    summary: str = ""
    topics: list[str] = field(default_factory=list)
    language: str | None = None
    comment_period: CommentPeriod | None = None
    hearings: list[Hearing] = field(default_factory=list)
    # Rounds in which commenters rate the responses (the supervising unit's, the standing
    # committee's): a rating counts in the round whose dates hold the day it came in.
    rating_rounds: list[Round] = field(default_factory=list)


@with_config(STRICT)
@dataclass
class VersionMeta:
    label: str
    date: date
    stage: str = ""
    note: str = ""


# ---------------------------------------------------------------- provisions


@dataclass(eq=False)
class Fragment:
    """Markdown inside a provision that is not itself a provision (text, tables, plain lists)."""

    html: str = ""
    text: str = ""
    line: int = 0
    tokens: list[Any] = field(default_factory=list, repr=False)  # parser's working state
    # A table's cells as plain text, row by row, its header row first (empty for other
    # Markdown): redlines compare tables cell by cell, not as one run-on line.
    table: list[list[str]] = field(default_factory=list)


@dataclass(eq=False)
class Provision:
    """A numbered (or positionally counted) unit of a draft, with an id stable across versions.

    ``parts`` keeps the source order of text and sub-provisions, so nothing is reordered.
    """

    kind: str
    num: str = ""
    label: str = ""
    heading: str = ""
    heading_html: str = ""
    line: int = 0
    id: str = ""
    is_heading: bool = False
    parts: list[Fragment | Provision] = field(default_factory=list)
    text: str = ""  # its own words (heading and text, not its sub-provisions), set by the parser

    @property
    def children(self) -> list[Provision]:
        return [p for p in self.parts if isinstance(p, Provision)]

    @property
    def fragments(self) -> list[Fragment]:
        return [p for p in self.parts if isinstance(p, Fragment)]


    @property
    def title(self) -> str:
        """Short human name: number and heading, e.g. ``Section 3. Definitions``."""
        return " ".join(x for x in (self.label, self.heading) if x)

    def walk(self) -> list[Provision]:
        """This provision and all below it, in document order (a list: parsing walks each
        tree several times, and nested generators cost more than the walk itself). A loop,
        not a recursive closure: that is a reference cycle (the function and its cell),
        which kept the list, and so the whole tree, alive until the cyclic collector ran."""
        out: list[Provision] = []
        stack = [self]
        while stack:
            p = stack.pop()
            out.append(p)
            stack.extend([part for part in reversed(p.parts) if type(part) is Provision])
        return out


# ---------------------------------------------------------------- drafts and the project


@dataclass
class ParsedText:
    """A version's text as provisions: the tree, its ids, and what parsing found wrong."""

    root: Provision
    index: dict[str, Provision]
    problems: list[Problem] = field(default_factory=list)
    # Provision id -> citation, worked out on first use (render/page.py version_citations),
    # for every page kind that names provisions: kept with the text it describes, so it
    # goes when the text is forgotten.
    citations: dict[str, str] | None = field(default=None, repr=False, compare=False)


@dataclass(eq=False)
class Version:
    """One version file. Its text is parsed on first use (``parse``), so a build parses a
    draft in the process that renders it, and not at all when none of its pages changed."""

    slug: str  # the file stem, e.g. "02-first-reading"
    number: int  # the NN prefix
    meta: VersionMeta
    path: Path
    parse: Callable[..., ParsedText] | None = field(default=None, repr=False)
    _parsed: ParsedText | None = field(default=None, init=False, repr=False)

    @property
    def parsed(self) -> ParsedText:
        if self._parsed is None:
            self._parsed = self.parse() if self.parse else ParsedText(Provision("root"), {})
        return self._parsed

    @property
    def is_parsed(self) -> bool:
        return self._parsed is not None

    def parse_with(self, memo: Any) -> ParsedText:
        """``parsed``, parsed (if not yet) with ``memo``: the versions of a draft parsed
        together share one, so what they have in common is read once (``content/parsed.py``)."""
        if self._parsed is None and self.parse is not None:
            self._parsed = self.parse(memo)
        return self.parsed

    def forget(self) -> None:
        """Drop the parsed text (parsed again on next use): keeps a long build's memory flat."""
        if self.parse is not None:
            self._parsed = None

    @property
    def root(self) -> Provision:
        return self.parsed.root

    @property
    def index(self) -> dict[str, Provision]:
        return self.parsed.index

    @property
    def provisions(self) -> list[Provision]:
        return self.root.children


@dataclass(eq=False)
class Draft:
    slug: str
    path: Path
    meta: DraftMeta
    versions: list[Version] = field(default_factory=list)

    @property
    def current(self) -> Version:
        return self.versions[-1]


@dataclass(eq=False)
class Project:
    root: Path
    config: SiteConfig
    drafts: list[Draft] = field(default_factory=list)
