"""``staticman``: posts to a self-hosted Staticman, which commits each entry to a repository.

Staticman's v3 endpoint is ``{endpoint}/v3/entry/{host}/{owner}/{repo}/{branch}/{property}``
and it reads ``fields[...]`` and ``options[...]`` inputs.  Entries land in the repository, so
its staticman.yml must not store the email in clear (see the README).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pydantic import ConfigDict, with_config

from ..model import Draft
from .base import FIELDS, SETTINGS_CONFIG, CommonSettings, FormMarkup, SettingProblem

NAME = "staticman"
TITLE = "Staticman"


@with_config(ConfigDict(**SETTINGS_CONFIG))
@dataclass(kw_only=True)
class Settings(CommonSettings):
    endpoint: str  # your Staticman instance, e.g. https://staticman.example.org
    repo: str  # owner/name of the repository Staticman commits to
    branch: str = "main"
    host: Literal["github", "gitlab"] = "github"
    property: str = "comments"  # the section of staticman.yml that takes these entries
    redirect: str = ""  # where Staticman sends the browser after a submission


def check(settings: Settings) -> list[SettingProblem]:
    problems = []
    if not re.match(r"^https?://[^/\s]+", settings.endpoint):
        problems.append(
            SettingProblem("endpoint", "endpoint must be your Staticman's http(s):// address")
        )
    if not re.fullmatch(r"[\w.-]+/[\w.-]+", settings.repo):
        problems.append(SettingProblem("repo", "repo must be owner/name"))
    if not re.fullmatch(r"[\w./-]+", settings.branch):
        problems.append(
            SettingProblem("branch", f"branch {settings.branch!r} is not a branch name")
        )
    if not re.fullmatch(r"[\w-]+", settings.property):
        problems.append(SettingProblem("property", "property must be letters, digits, - and _"))
    if settings.redirect and not re.match(r"^(https?://|/)", settings.redirect):
        problems.append(SettingProblem("redirect", "redirect must be an http(s):// URL or a path"))
    return problems


def markup(settings: Settings, draft: Draft) -> FormMarkup:
    base = settings.endpoint.rstrip("/")
    action = (
        f"{base}/v3/entry/{settings.host}/{settings.repo}/{settings.branch}/{settings.property}"
    )
    hidden = {"options[slug]": draft.slug}
    if settings.redirect:
        hidden["options[redirect]"] = settings.redirect
    return FormMarkup(
        provider=NAME,
        title=TITLE,
        action=action,
        hidden=hidden,
        names={name: f"fields[{name}]" for name in FIELDS},
        external=True,
    )
