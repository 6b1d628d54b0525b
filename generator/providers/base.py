"""What every form provider shares: the form's fields, common settings, and the markup record.

A provider turns its settings from site.yaml (``comments:``) into a :class:`FormMarkup`: the
attributes, hidden fields and input names its service documents.  The template renders the
same accessible form for every provider from that record, so switching provider is one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import ConfigDict, with_config

# The form's fields, by the names the built-in intake service reads; providers may rename them.
FIELDS = (
    "draft",
    "version",
    "provision",
    "name",
    "email",
    "organisation",
    "respondent_type",
    "locality",
    "position",
    "comment",
    "publish_name",
)
RESPONDENT_TYPES = ("individual", "organisation", "business", "government")
POSITIONS = ("support", "oppose", "neutral", "mixed")
MAX_CHARS = 20_000

SETTINGS_CONFIG = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=False)


@dataclass(frozen=True)
class SettingProblem:
    """A defect in one ``comments:`` setting; ``key`` is dotted below ``comments``."""

    key: str
    message: str
    severity: Literal["error", "warning"] = "error"


@with_config(SETTINGS_CONFIG)
@dataclass(kw_only=True)
class CommonSettings:
    """Settings every provider understands."""

    provider: str = "local"
    max_chars: int = MAX_CHARS  # the longest comment the form (and the intake) accepts
    privacy_url: str = ""  # your own privacy notice; empty: the built-in page privacy/
    # `docket comments import`: Docket's field -> the column of an export that holds it
    import_columns: dict[str, str] = field(default_factory=dict)
    # A hosted provider's second form, for ratings of responses (fields tracking, rating,
    # remark): where the lookup page's rating form posts. The built-in intake needs none.
    ratings_action: str = ""


@dataclass
class FormMarkup:
    """Everything the form template needs to post to one provider."""

    provider: str
    title: str  # the service's name, for the privacy notice ("Formspree")
    action: str = ""  # an absolute or root-relative URL the form posts to
    site_action: str = ""  # or a path inside the site, made relative to each page
    attrs: dict[str, str] = field(default_factory=dict)  # extra attributes of <form>
    hidden: dict[str, str] = field(default_factory=dict)  # extra hidden inputs
    names: dict[str, str] = field(default_factory=dict)  # our field -> the provider's input name
    honeypot: str = ""  # input name of the bot trap; empty when the service has none
    iframe: str = ""  # an embedded form instead of ours (Tally)
    iframe_height: int = 0
    external: bool = False  # the submission goes to another organisation's servers
    fetch: bool = False  # JavaScript may post with fetch and show the tracking number in place
    # The query parameter that tells the service the reader's interface language, so its
    # answers (receipt, errors) speak it; the service has one address for every language.
    language_param: str = ""

    def has(self, name: str) -> bool:
        return name in self.names


def plain_names(*, exclude: tuple[str, ...] = ()) -> dict[str, str]:
    """Every field under its own name (the services that take any field name)."""
    return {name: name for name in FIELDS if name not in exclude}
