"""``netlify``: Netlify Forms, found in the deployed HTML by ``data-netlify="true"``.

Netlify needs the form's ``name`` and a hidden ``form-name`` carrying the same name, and
discards submissions that fill the field named by ``netlify-honeypot``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import ConfigDict, with_config

from ..model import Draft
from .base import SETTINGS_CONFIG, CommonSettings, FormMarkup, SettingProblem, plain_names

NAME = "netlify"
TITLE = "Netlify"
HONEYPOT = "website"


@with_config(ConfigDict(**SETTINGS_CONFIG))
@dataclass(kw_only=True)
class Settings(CommonSettings):
    form_name: str = "comments"  # one form in Netlify's dashboard; the draft is a field
    success_url: str = ""  # a page of yours to show after submitting (the form's action)


def check(settings: Settings) -> list[SettingProblem]:
    problems = []
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", settings.form_name):
        problems.append(SettingProblem("form_name", "form_name must be letters, digits, - and _"))
    if settings.success_url and not settings.success_url.startswith("/"):
        problems.append(
            SettingProblem("success_url", "success_url must be a path on the site, like /thanks/")
        )
    return problems


def markup(settings: Settings, draft: Draft) -> FormMarkup:
    return FormMarkup(
        provider=NAME,
        title=TITLE,
        action=settings.success_url,
        attrs={
            "name": settings.form_name,
            "data-netlify": "true",
            "netlify-honeypot": HONEYPOT,
        },
        hidden={"form-name": settings.form_name},
        names=plain_names(),
        honeypot=HONEYPOT,
        external=True,
    )
