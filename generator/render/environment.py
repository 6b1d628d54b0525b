"""The Jinja2 environment: theme lookup with project overrides, filters, i18n, assets."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from gettext import NullTranslations
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)

from ..i18n import known, punctuation, translations
from ..periods import as_moment
from ..state import cache_folder
from ..theme import template_dirs
from .fragments import Strings, redline_rows
from .security_policy import content_security_policy

# Deadline formats name the time zone, because a reader may be anywhere.
DATETIME_PATTERNS = {
    "en": "MMMM d, y, h:mm a zzz",
    "zh": "y年M月d日 HH:mm zzzz",
}


def babel_locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@dataclass
class Assets:
    """Static files copied with a content hash in their names, so browsers may cache forever."""

    sources: dict[str, Path] = field(default_factory=dict)  # "style.css" -> file
    names: dict[str, str] = field(default_factory=dict)  # "style.css" -> "style.1a2b3c4d5e.css"

    @classmethod
    def collect(cls, dirs: list[Path]) -> Assets:
        assets = cls()
        for d in reversed(dirs):  # later (project) entries override the theme's
            static = d / "static"
            if static.is_dir():
                for f in sorted(static.rglob("*")):
                    if f.is_file():
                        assets.sources[f.relative_to(static).as_posix()] = f
        for name, path in assets.sources.items():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            stem, dot, ext = name.rpartition(".")
            assets.names[name] = f"{stem}.{digest}.{ext}" if dot else f"{name}.{digest}"
        return assets

    def url(self, name: str) -> str:
        return "static/" + self.names[name]


def compiled_templates(project_root: Path) -> BytecodeCache | None:
    """Templates compiled once and kept in the project's cache between runs (Jinja checks
    each against its source). The compiled code depends on this module's settings, which
    are Docket's code: hence one folder per version of it (``cache_folder``)."""
    folder = cache_folder(project_root, "templates")
    return FileSystemBytecodeCache(str(folder)) if folder is not None else None


def make_environment(
    project_root: Path, language: str, tz: ZoneInfo, assets: Assets,
    bytecode_cache: BytecodeCache | None = None, auto_reload: bool = True,
) -> Environment:
    """``auto_reload=False`` for an environment that lives no longer than its templates do
    (a build, or a preview made again when any template changes): no stat of the template
    file each time a page asks for it."""
    env = Environment(
        bytecode_cache=bytecode_cache,
        auto_reload=auto_reload,
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in template_dirs(project_root)]),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n", "jinja2.ext.do"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    catalog = translations(language) if known(language) else NullTranslations()
    # (an unknown language is only reachable with a config that `docket check` refuses)
    env.install_gettext_translations(catalog, newstyle=True)
    strings = Strings.translated(catalog.gettext)
    env.globals["redline_rows"] = partial(redline_rows, strings, catalog.ngettext)
    env.globals["fragment_strings"] = strings
    locale = babel_locale(language)
    pattern = DATETIME_PATTERNS.get(locale.language, "medium")

    def day(value: date | datetime) -> str:
        if isinstance(value, datetime):
            value = as_moment(value, tz).astimezone(tz).date()
        return format_date(value, "long", locale=locale)

    def moment(value: date | datetime) -> str:
        """A time with its zone named; a bare date (an all-day hearing) stays a date."""
        if not isinstance(value, datetime):
            return day(value)
        return format_datetime(as_moment(value, tz), pattern, tzinfo=tz, locale=locale)

    punct = punctuation(language)

    def series(items: list[str], lang: str | None = None) -> str:
        """A list joined the way its language joins one: "A, B" or "甲、乙"."""
        return (punctuation(lang) if lang else punct).join(items)

    env.filters["moment"] = moment
    env.filters["day"] = day
    env.filters["series"] = series
    env.globals["punct"] = punct
    env.globals["punctuation"] = punctuation
    env.globals["asset"] = assets.url
    env.globals["content_security_policy"] = content_security_policy
    return env
