"""``tally``: the Tally form embedded in an iframe; its questions are built in Tally.

The draft and version go to the form as URL parameters, which Tally stores in hidden fields
of the same names; the page's script adds ``provision`` when a provision was chosen.  Tally's
own embed script is not loaded: the page runs no third-party code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from pydantic import ConfigDict, with_config

from ..model import Draft
from .base import SETTINGS_CONFIG, CommonSettings, FormMarkup, SettingProblem

NAME = "tally"
TITLE = "Tally"


@with_config(ConfigDict(**SETTINGS_CONFIG))
@dataclass(kw_only=True)
class Settings(CommonSettings):
    form_id: str  # the end of the form's share link, https://tally.so/r/{form_id}
    height: int = 900  # the iframe's height in CSS pixels


def check(settings: Settings) -> list[SettingProblem]:
    problems = []
    if not re.fullmatch(r"[A-Za-z0-9]{3,16}", settings.form_id):
        problems.append(
            SettingProblem(
                "form_id",
                f"form_id {settings.form_id!r} is not a Tally form id "
                "(the letters after /r/ in its share link)",
            )
        )
    if not 200 <= settings.height <= 5000:
        problems.append(SettingProblem("height", "height must be between 200 and 5000 pixels"))
    return problems


def markup(settings: Settings, draft: Draft) -> FormMarkup:
    query = urlencode(
        {
            "alignLeft": 1,
            "hideTitle": 1,
            "transparentBackground": 1,
            "draft": draft.slug,
            "version": draft.current.slug,
        }
    )
    return FormMarkup(
        provider=NAME,
        title=TITLE,
        iframe=f"https://tally.so/embed/{settings.form_id}?{query}",
        iframe_height=settings.height,
        external=True,
    )
