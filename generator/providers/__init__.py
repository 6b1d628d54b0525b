"""Comment form providers: one small module each, found by the name in site.yaml.

``comments.provider`` picks the module; its other keys under ``comments:`` are that provider's
settings, typed by the module's ``Settings`` dataclass and checked by its ``check()``.  A new
provider is one module with NAME, TITLE, Settings, check() and markup(), listed below.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..model import CommentsConfig, Draft
from ..problems import did_you_mean
from . import formspree, google_forms, local, netlify, staticman, tally
from .base import CommonSettings, FormMarkup, SettingProblem

PROVIDERS: dict[str, ModuleType] = {
    m.NAME: m for m in (local, formspree, netlify, google_forms, tally, staticman)
}

__all__ = [
    "PROVIDERS",
    "CommonSettings",
    "FormMarkup",
    "SettingProblem",
    "form_markup",
    "settings_of",
    "settings_problems",
]


class InvalidSettings(ValueError):
    """The settings do not validate; ``docket check`` reports why, line by line."""


@cache
def _adapter(cls: type) -> TypeAdapter:
    return TypeAdapter(cls)


def _keys(module: ModuleType) -> set[str]:
    return set(module.Settings.__dataclass_fields__)


def _raw(comments: CommentsConfig) -> dict[str, Any]:
    return dict(vars(comments))


def _validate(module: ModuleType, raw: dict[str, Any]) -> tuple[Any, list[SettingProblem]]:
    known = {k: v for k, v in raw.items() if k in _keys(module)}
    try:
        return _adapter(module.Settings).validate_python(known), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = ".".join(str(part) for part in error["loc"] if part not in ("str", "bool"))
            if error["type"] in ("missing", "missing_argument", "missing_keyword_only_argument"):
                problems.append(
                    SettingProblem(
                        "",
                        f"missing required key 'comments.{loc}' (the {module.NAME} provider "
                        "needs it; see the README)",
                    )
                )
            else:
                problems.append(SettingProblem(loc, f"comments.{loc}: {error['msg']}"))
        return None, problems


def _common_problems(settings: CommonSettings) -> list[SettingProblem]:
    problems = []
    if not 1 <= settings.max_chars <= 1_000_000:
        problems.append(SettingProblem("max_chars", "max_chars must be between 1 and 1000000"))
    url = settings.privacy_url
    if url and not (url.startswith(("http://", "https://", "/"))):
        problems.append(
            SettingProblem(
                "privacy_url", "privacy_url must be an http(s):// URL or a path starting with /"
            )
        )
    action = settings.ratings_action
    if action and not action.startswith("https://"):
        problems.append(
            SettingProblem("ratings_action", "ratings_action must be an https:// URL (the form "
                           "that takes ratings of responses)")
        )
    return problems


def settings_problems(comments: CommentsConfig) -> list[SettingProblem]:
    """Everything wrong with ``comments:`` for the chosen provider, errors and warnings."""
    raw = _raw(comments)
    module = PROVIDERS.get(comments.provider)
    if module is None:
        return [
            SettingProblem(
                "provider",
                f"unknown comments provider {comments.provider!r} (one of: {', '.join(PROVIDERS)})",
            )
        ]
    problems = []
    for key in raw:
        if key in _keys(module):
            continue
        users = [m.NAME for m in PROVIDERS.values() if key in _keys(m)]
        if users:  # left over from another provider: harmless, but say it is ignored
            problems.append(
                SettingProblem(
                    key,
                    f"comments.{key} is a setting of {', '.join(users)}; the "
                    f"{module.NAME} provider ignores it",
                    "warning",
                )
            )
        else:
            hint = did_you_mean(key, {"provider", *_keys(module)})
            problems.append(SettingProblem(key, f"unknown key 'comments.{key}'{hint}"))
    settings, invalid = _validate(module, raw)
    problems += invalid
    if settings is not None:
        problems += _common_problems(settings) + module.check(settings)
    return problems


def settings_of(comments: CommentsConfig) -> Any:
    """The chosen provider's typed settings; raises InvalidSettings if `docket check` would."""
    module = PROVIDERS.get(comments.provider)
    if module is None:
        raise InvalidSettings(f"unknown comments provider {comments.provider!r}")
    settings, problems = _validate(module, _raw(comments))
    if settings is None:
        raise InvalidSettings("; ".join(p.message for p in problems))
    return settings


def form_markup(comments: CommentsConfig, draft: Draft) -> FormMarkup:
    """What the comment form of ``draft`` needs to post to the chosen provider."""
    module = PROVIDERS[comments.provider]
    return module.markup(settings_of(comments), draft)
