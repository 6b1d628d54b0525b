"""``google-forms``: posts to a Google Form's ``formResponse`` with ``entry.N`` input names.

Google names each question ``entry.<number>``; "Get pre-filled link" in the form's menu shows
them.  ``entries`` in site.yaml maps Docket's fields to those numbers; a field with no entry
is left out of the form, so the questions must exist in the Google Form first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import ConfigDict, with_config

from ..model import Draft
from .base import FIELDS, SETTINGS_CONFIG, CommonSettings, FormMarkup, SettingProblem

NAME = "google-forms"
TITLE = "Google Forms"
REQUIRED = ("name", "email", "comment")
ENTRY = re.compile(r"^(entry\.)?(\d+)$")


@with_config(ConfigDict(**SETTINGS_CONFIG))
@dataclass(kw_only=True)
class Settings(CommonSettings):
    form_id: str  # from the form's public address: docs.google.com/forms/d/e/{form_id}/viewform
    entries: dict[str, str | int] = field(default_factory=dict)  # field -> entry.123456789


def entry_names(settings: Settings) -> dict[str, str]:
    names = {}
    for key, value in settings.entries.items():
        match = ENTRY.match(str(value).strip())
        if key in FIELDS and match:
            names[key] = f"entry.{match[2]}"
    return names


def check(settings: Settings) -> list[SettingProblem]:
    problems: list[SettingProblem] = []
    if not re.fullmatch(r"[A-Za-z0-9_-]{10,}", settings.form_id):
        problems.append(
            SettingProblem(
                "form_id",
                "form_id must be the long id in the form's address "
                "(docs.google.com/forms/d/e/ID/viewform)",
            )
        )
    for key, value in settings.entries.items():
        if key not in FIELDS:
            problems.append(
                SettingProblem(
                    f"entries.{key}",
                    f"unknown field {key!r} in entries (one of: {', '.join(FIELDS)})",
                )
            )
        elif not ENTRY.match(str(value).strip()):
            problems.append(
                SettingProblem(f"entries.{key}", f"entries.{key} must be like entry.123456789")
            )
    for key in REQUIRED:
        if key not in settings.entries:
            problems.append(
                SettingProblem(
                    "entries", f"entries needs {key!r}: the form cannot be submitted without it"
                )
            )
    if "draft" not in settings.entries:
        problems.append(
            SettingProblem(
                "entries",
                "entries has no 'draft': responses will not say which draft they are about",
                "warning",
            )
        )
    return problems


def markup(settings: Settings, draft: Draft) -> FormMarkup:
    return FormMarkup(
        provider=NAME,
        title=TITLE,
        action=f"https://docs.google.com/forms/d/e/{settings.form_id}/formResponse",
        names=entry_names(settings),
        external=True,
    )
