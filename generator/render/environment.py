"""The Jinja2 environment: theme lookup with project overrides, filters, i18n, assets."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache, partial
from gettext import NullTranslations
from pathlib import Path
from typing import Any
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
    Template,
    TemplateError,
    TemplateNotFound,
    pass_context,
    select_autoescape,
)
from jinja2.bccache import Bucket
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from markupsafe import Markup

from ..fingerprints import cache_folder, theme_folder
from ..i18n import known, punctuation, translations
from ..inputfiles import (
    Unreadable,
    allowed_roots,
    check_regular,
    editor_litter,
    outside,
    outside_message,
    read_bytes,
    sha256_of,
)
from ..periods import as_moment
from ..problems import Problem, display_path
from ..theme import theme_dir
from .fragments import REDLINE_ROW_TEMPLATE, Strings, redline_rows
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


MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


def is_theme(folder: Path) -> bool:
    """Docket's own theme (trusted as its code is), not a project's ``templates/``."""
    return folder.resolve() == theme_dir().resolve()


def in_theme(filename: str) -> bool:
    """Is this file one of the theme's (a template frame's file, say)?"""
    return Path(filename).resolve().is_relative_to(theme_dir().resolve())


def project_roots(dirs: list[Path]) -> list[Path]:
    """Where a project's template files may resolve when the caller has no site.yaml at
    hand: inside the project (the folder holding ``templates/``)."""
    mine = [d for d in dirs if not is_theme(d)]
    return allowed_roots(mine[0].parent) if mine else []


# Every environment templates are read with (rendering, and the template graph of an
# incremental build): one list, so both parse a template alike.
EXTENSIONS = ["jinja2.ext.i18n", "jinja2.ext.do"]


@dataclass
class Assets:
    """Static files copied with a content hash in their names, so browsers may cache forever.

    Only regular files are published, and of a project's ``templates/static/`` only those
    inside the project (or where ``allow_outside_root`` allows): anything else is a problem,
    so a link to ``/etc/passwd`` is refused rather than published."""

    dirs: list[Path] = field(default_factory=list)  # the template folders, project's first
    sources: dict[str, Path] = field(default_factory=dict)  # "style.css" -> file
    names: dict[str, str] = field(default_factory=dict)  # "style.css" -> "style.1a2b3c4d5e.css"
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def collect(cls, dirs: list[Path], roots: list[Path] | None = None) -> Assets:
        """``roots``: where the project's files may resolve (default: inside the project)."""
        assets = cls(dirs=list(dirs))
        roots = project_roots(dirs) if roots is None else roots
        homes: dict[str, Path] = {}  # name -> the folder holding its templates/, for problems
        for d in reversed(dirs):  # later (project) entries override the theme's
            static = d / "static"
            if static.is_dir():
                for f in sorted(static.rglob("*")):
                    if f.is_dir() or editor_litter(f.name):
                        continue
                    if is_theme(d) or assets.usable(f, roots, d.parent):
                        name = f.relative_to(static).as_posix()
                        assets.sources[name], homes[name] = f, d.parent
        for name, path in list(assets.sources.items()):
            try:
                digest = sha256_of(path)[:10]
            except Unreadable as exc:  # replaced since it was looked at
                assets.problem(path, homes[name], str(exc))
                del assets.sources[name]
                continue
            stem, dot, ext = name.rpartition(".")
            assets.names[name] = f"{stem}.{digest}.{ext}" if dot else f"{name}.{digest}"
        return assets

    def usable(self, path: Path, roots: list[Path], root: Path) -> bool:
        if real := outside(path, roots):
            self.problem(path, root, outside_message(real))
            return False
        try:
            check_regular(path)
        except Unreadable as exc:
            self.problem(path, root, f"skipped: {exc}", "warning")
            return False
        return True

    def problem(self, path: Path, root: Path, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(display_path(path, root), 1, message, severity))  # type: ignore[arg-type]

    def url(self, name: str) -> str:
        return "static/" + self.names[name]


class TemplateFileError(TemplateError):
    """A template file that cannot be used as it is: its place and line, and why."""

    def __init__(self, path: Path, line: int, message: str):
        super().__init__(message)
        self.path, self.line = path, line


class InputLoader(FileSystemLoader):
    """A project's ``templates/``: each file read as any other input is (inputfiles.py):
    only a regular file, inside the project or where ``allow_outside_root`` allows, of a
    sensible size, in UTF-8; anything else is a ``path:line`` problem, never a hang or an
    internal error."""

    def __init__(self, folder: Path, roots: list[Path]):
        super().__init__(str(folder))
        self.roots = roots

    def get_source(self, environment: Environment, template: str):
        path = Path(self.searchpath[0], *split_template_path(template))
        if not os.path.lexists(path) or editor_litter(path.name):
            raise TemplateNotFound(template)  # the theme's, if it has one
        if real := outside(path, self.roots):
            raise TemplateFileError(path, 1, outside_message(real))
        try:
            raw = read_bytes(path, MAX_TEMPLATE_BYTES)
        except Unreadable as exc:
            raise TemplateFileError(path, 1, str(exc)) from None
        try:
            source = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise TemplateFileError(path, line, f"not valid UTF-8 (byte {exc.start})") from None
        mtime = path.stat().st_mtime_ns

        def uptodate() -> bool:
            try:
                return path.stat().st_mtime_ns == mtime
            except OSError:
                return False

        return source, str(path), uptodate

    def list_templates(self) -> list[str]:
        return [name for name in super().list_templates()
                if not editor_litter(name.rpartition("/")[2])]


def template_loader(dirs: list[Path], roots: list[Path] | None = None) -> ChoiceLoader:
    """The project's templates first (read as inputs), then the theme's."""
    roots = project_roots(dirs) if roots is None else roots
    return ChoiceLoader([FileSystemLoader(str(d)) if is_theme(d) else InputLoader(d, roots)
                         for d in dirs])


# A folder where compiled templates are kept for every project and build on this machine
# (CI runs, `--clean` builds, a test suite that builds hundreds of fresh projects): Jinja
# checks each compiled template against its source, as with the project's own cache.
TEMPLATE_CACHE_ENV = "DOCKET_TEMPLATE_CACHE"


class KeptTemplates(FileSystemBytecodeCache):
    """Compiled templates in a folder (Jinja writes each atomically: a temporary file renamed
    into place), where a file that cannot be written only costs the time it would have saved;
    ``write=False`` only reads what is there."""

    def __init__(self, folder: Path, write: bool = True):
        super().__init__(str(folder))
        self.write = write

    def dump_bytecode(self, bucket: Bucket) -> None:
        if self.write:
            with contextlib.suppress(OSError):  # a read-only folder, a full disk
                super().dump_bytecode(bucket)


def compiled_theme() -> KeptTemplates | None:
    """The theme's templates are Docket's own code, the same for every project: compiled
    once per installation and kept (``fingerprints.theme_folder``), so a clean build of any
    project does not compile them again; a folder that cannot be written is skipped,
    silently."""
    found = theme_folder()
    return KeptTemplates(found.path, found.write) if found is not None else None


class ThemeAndProject(BytecodeCache):
    """Each template's compiled code kept where its source belongs: the theme's with Docket
    (``compiled_theme``), a project's in the project's cache, or nowhere (a clean build)."""

    def __init__(self, theme: BytecodeCache | None, project: BytecodeCache | None):
        self.theme, self.project = theme, project
        self.theme_root = str(theme_dir().resolve())
        self.owners: dict[str, BytecodeCache] = {}  # bucket key -> the cache that keeps it

    def owner(self, filename: str | None) -> BytecodeCache | None:
        if filename is not None and os.path.realpath(filename).startswith(self.theme_root + os.sep):
            return self.theme
        return self.project

    def get_bucket(self, environment: Environment, name: str, filename: str | None,
                   source: str) -> Bucket:
        key = self.get_cache_key(name, filename)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        owner = self.owner(filename)
        if owner is not None:
            self.owners[key] = owner
            owner.load_bytecode(bucket)
        return bucket

    def set_bucket(self, bucket: Bucket) -> None:
        owner = self.owners.get(bucket.key)
        if owner is not None:
            owner.dump_bytecode(bucket)


def compiled_templates(project_root: Path, reuse: bool = True) -> BytecodeCache | None:
    """Templates compiled once and kept between runs (Jinja checks each against its source):
    in ``DOCKET_TEMPLATE_CACHE`` when it names a folder, for any build; otherwise the theme's
    with Docket (``compiled_theme``) and the project's in the project's cache, unless
    ``reuse`` is off (a clean build compiles the project's). The compiled code depends on
    this module's settings, which are Docket's code: hence one folder per version of it
    (``cache_folder``)."""
    shared = os.environ.get(TEMPLATE_CACHE_ENV)
    if shared:
        folder = cache_folder(Path(shared), "templates", inside=False)
        return KeptTemplates(folder) if folder is not None else None
    project = cache_folder(project_root, "templates") if reuse else None
    theme = compiled_theme()
    if theme is None and project is None:
        return None
    return ThemeAndProject(theme, KeptTemplates(project) if project is not None else None)


def fragment_template(env: Environment, name: str) -> Template | None:
    """The template that overrides a fragment's markup (``fragments.py``), if the project or
    the theme has one: looked up once per environment, not per provision. One that does not
    compile is left out here; the build reports it (``templatecheck``) before any page."""
    try:
        return env.get_template(name)
    except TemplateError:  # (TemplateNotFound is one: the usual case, the fast path)
        return None


def remembered_gettext(translate: Callable[[str], str]) -> dict[str, Callable[..., str]]:
    """``_`` and ``gettext`` for templates, as Jinja's i18n extension makes them (newstyle:
    the message translated, marked safe where the template escapes, then formatted with
    its variables), but each message without variables worked out once per environment:
    the theme's pages call ``_()`` about 180 times each, and Jinja's own pair of functions
    cost about four times what the template does with the answer."""
    plain: dict[str, str] = {}  # message -> its answer, where the template escapes

    @pass_context
    def gettext(context: Context, string: str, **variables: Any) -> str:
        if not context.eval_ctx.autoescape:
            return translate(string) % variables
        if variables:
            return Markup(translate(string)) % variables
        done = plain.get(string)
        if done is None:
            done = plain[string] = Markup(translate(string)) % variables
        return done

    @pass_context
    def alias(context: Context, *args: Any, **kwargs: Any) -> Any:
        """``_``: the ``gettext`` the template sees (its own, if it set one)."""
        found = context.resolve_or_missing("gettext")
        if found is gettext:
            return gettext(context, *args, **kwargs)
        return context.call(context.resolve("gettext"), *args, **kwargs)

    return {"_": alias, "gettext": gettext}


def _once() -> Callable[..., Markup]:
    """A template function for markup the same on many pages: ``{% call once(key...) %}
    ... {% endcall %}`` renders its body the first time the environment (a language's, for
    one build) meets ``key``, and gives that markup again after. The key must name all the
    body reads beyond the environment's own functions and strings: the compare page's
    strings for its script are two dozen translated messages, over a third of the page's time."""
    done: dict[tuple[Any, ...], Markup] = {}

    def once(*key: Any, caller: Callable[[], Markup]) -> Markup:
        found = done.get(key)
        if found is None:
            found = done[key] = caller()
        return found

    return once


def make_environment(
    language: str, tz: ZoneInfo, assets: Assets,
    bytecode_cache: BytecodeCache | None = None, auto_reload: bool = True,
    roots: list[Path] | None = None,
) -> Environment:
    """Templates come from the folders the assets were collected from (``assets.dirs``).
    ``auto_reload=False`` for an environment that lives no longer than its templates do
    (a build, or a preview made again when any template changes): no stat of the template
    file each time a page asks for it. ``roots``: where the project's templates may resolve
    (default: inside the project)."""
    env = Environment(
        bytecode_cache=bytecode_cache,
        auto_reload=auto_reload,
        loader=template_loader(assets.dirs, roots),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        extensions=EXTENSIONS,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    catalog = translations(language) if known(language) else NullTranslations()
    # (an unknown language is only reachable with a config that `docket check` refuses)
    env.install_gettext_translations(catalog, newstyle=True)
    env.globals.update(remembered_gettext(catalog.gettext))
    strings = Strings.translated(catalog.gettext)
    env.globals["redline_rows"] = partial(
        redline_rows, strings, catalog.ngettext,
        row_template=fragment_template(env, REDLINE_ROW_TEMPLATE))
    env.globals["fragment_strings"] = strings
    env.globals["once"] = _once()  # (the theme's shared templates draw with it)
    locale = babel_locale(language)
    pattern = DATETIME_PATTERNS.get(locale.language, "medium")

    # Memoized per environment: a listing formats the same few dates over and over (the home
    # page one per draft, which ``docket serve`` renders again after every save), and Babel
    # takes tens of microseconds each.
    @lru_cache(maxsize=4096)
    def day(value: date | datetime) -> str:
        if isinstance(value, datetime):
            value = as_moment(value, tz).astimezone(tz).date()
        return format_date(value, "long", locale=locale)

    @lru_cache(maxsize=4096)
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
