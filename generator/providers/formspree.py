"""``formspree``: posts to https://formspree.io/f/{form_id}, as Formspree documents."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import ConfigDict, with_config

from ..model import Draft
from .base import SETTINGS_CONFIG, CommonSettings, FormMarkup, SettingProblem, plain_names

NAME = "formspree"
TITLE = "Formspree"


@with_config(ConfigDict(**SETTINGS_CONFIG))
@dataclass(kw_only=True)
class Settings(CommonSettings):
    form_id: str  # the end of the form's endpoint, https://formspree.io/f/{form_id}


def check(settings: Settings) -> list[SettingProblem]:
    if not re.fullmatch(r"[A-Za-z0-9]{4,32}", settings.form_id):
        return [
            SettingProblem(
                "form_id",
                f"form_id {settings.form_id!r} is not a Formspree form id "
                "(the letters after /f/ in the form's endpoint)",
            )
        ]
    return []


def markup(settings: Settings, draft: Draft) -> FormMarkup:
    return FormMarkup(
        provider=NAME,
        title=TITLE,
        action=f"https://formspree.io/f/{settings.form_id}",
        hidden={"_subject": f"Comment on {draft.meta.title}"},
        names=plain_names(),
        honeypot="_gotcha",  # Formspree drops submissions that fill this field
        external=True,
    )
