"""Read a project (site.yaml, drafts/<slug>/draft.yaml, versions/NN-name.md) into the model.

Every problem is collected, never raised, so ``docket check`` can report them all at once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..i18n import LANGUAGES, known
from ..inputfiles import (
    Unreadable,
    allowed_roots,
    editor_litter,
    outside,
    outside_message,
    read_bytes,
    strays,
)
from ..model import Draft, DraftMeta, Project, SiteConfig, Version, VersionMeta
from ..periods import bounds
from ..problems import Problem, display_path
from ..providers import settings_problems
from .parsed import Source, TextCache, parse_together
from .placeholders import SUMMARY, is_summary_placeholder
from .placeholders import message as placeholder_message
from .schema import validate
from .yamlsource import YamlDoc, YamlProblem, parse_yaml

VERSION_NAME = re.compile(r"^(?P<nn>\d{2,3})-(?P<name>[a-z0-9][a-z0-9-]*)\.md$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# A hearing's id names its packet's folder and enters its feed and calendar ids, so it is
# one word a path cannot climb out of: "h 1/../x" would write outside site/.
HEARING_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
MAX_FILE_BYTES = 20 * 1024 * 1024


class KeptDrafts(Protocol):
    """Drafts as an earlier build loaded them, kept while their files are unchanged (the
    build wing's ``DraftCache``): handed in, so reading files knows nothing of builds."""

    def get(self, slug: str) -> tuple[Draft | None, list[Problem]] | None: ...

    def put(self, slug: str, loaded: tuple[Draft | None, list[Problem]]) -> None: ...


@dataclass
class Loaded:
    project: Project | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.project is not None and not any(p.is_error for p in self.problems)


class _Reader:
    """Reads files relative to the project root, turning every defect into a Problem."""

    def __init__(self, root: Path, texts: TextCache | None = None):
        self.root = root
        self.texts = texts  # where parsed texts are kept, if the caller keeps them
        self.problems: list[Problem] = []
        self.date_lines: dict[Path, int] = {}  # where each version's date is, for order errors
        self.roots = allowed_roots(root)  # where files may resolve; site.yaml may add some
        self.folders: dict[str, str] = {}  # folder -> its real place, resolved once
        self.below = os.path.join(str(root), "")  # "ROOT/": what the project's paths start with

    def name(self, path: Path) -> str:
        """``display_path``, by its string in the usual case (a path built below the root:
        pathlib's ``relative_to`` is most of the cost of naming the thousands a build reads)."""
        text = str(path)
        if len(text) > len(self.below) and text.startswith(self.below):
            return text[len(self.below):]
        return display_path(path, self.root)

    def error(self, path: Path, line: int, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.name(path), line, message, severity))  # type: ignore[arg-type]

    def text(self, path: Path) -> str | None:
        """A file's text, or None with the problem recorded: only a regular file inside the
        project (see inputfiles.py), of a sensible size, in UTF-8."""
        if real := outside(path, self.roots, self.folders):
            self.error(path, 1, outside_message(real))
            return None
        try:
            raw = read_bytes(path, MAX_FILE_BYTES)
        except Unreadable as exc:
            self.error(path, 1, str(exc))
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.error(path, line, f"not valid UTF-8 (byte {exc.start})")
            return None
        if (nul := text.find("\0")) >= 0:  # Markdown shows it as U+FFFD: surely a mistake
            self.error(path, text.count("\n", 0, nul) + 1, "contains a NUL byte", "warning")
        text = text.removeprefix("\ufeff")
        # (a law is read whole: looked through once for a CR, not twice to replace none)
        return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text

    def yaml(self, path: Path, text: str, line_offset: int = 0) -> YamlDoc | None:
        try:
            return parse_yaml(text, line_offset)
        except YamlProblem as exc:
            self.error(path, exc.line, exc.message)
            return None

    def load(self, path: Path, cls):
        """Read, parse and validate one YAML file: (the value or None, its document)."""
        text = self.text(path)
        doc = self.yaml(path, text) if text is not None else None
        return (self.validated(path, doc, cls) if doc else None), doc

    def validated(self, path: Path, doc: YamlDoc, cls):
        value, problems = validate(doc, cls, self.name(path))
        self.problems += problems
        return value


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, number of lines before the body) or None without front matter.

    Read line by line up to the closing ``---`` only: the body (a whole law, often) is cut
    off in one piece, not split into lines and joined again."""
    end = text.find("\n")
    if end < 0 or text[:end].strip() != "---":
        return None
    start = pos = end + 1  # where the front matter's lines start, and the line looked at
    count = 1  # lines before the one looked at
    while True:
        newline = text.find("\n", pos)
        if (text[pos:] if newline < 0 else text[pos:newline]).strip() in ("---", "..."):
            body = text[newline + 1:] if newline >= 0 else ""
            return text[start:max(pos - 1, start)], body, count + 1
        if newline < 0:
            return None
        pos, count = newline + 1, count + 1


SMTP_SECURITY = ("starttls", "tls", "none")


def load_config(reader: _Reader) -> SiteConfig | None:
    path = reader.root / "site.yaml"
    if not path.is_file():
        reader.error(path, 1, "no site.yaml here: is this a Docket project? (see `docket --help`)")
        return None
    config, doc = reader.load(path, SiteConfig)
    if config is None:
        return None
    reader.roots = allowed_roots(reader.root, config.allow_outside_root)
    try:
        ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        reader.error(
            path,
            doc.line_of(("timezone",)),
            f"unknown time zone {config.timezone!r} "
            "(use an IANA name such as America/Chicago or Asia/Shanghai)",
        )
        return None
    for problem in settings_problems(config.comments):
        keys = problem.key.split(".") if problem.key else []
        loc = ("comments", *(int(k) if k.isdigit() else k for k in keys))
        reader.error(path, doc.line_of(loc), problem.message, problem.severity)
    if config.smtp is not None and config.smtp.security not in SMTP_SECURITY:
        reader.error(path, doc.line_of(("smtp", "security")),
                     f"smtp.security must be one of {', '.join(SMTP_SECURITY)}, "
                     f"not {config.smtp.security!r}")
    if not re.match(r"^https?://[^/\s]+", config.base_url):
        reader.error(
            path, doc.line_of(("base_url",)), "base_url must start with http:// or https://"
        )
    config.base_url = config.base_url.rstrip("/") + "/"
    check_languages(reader, path, doc, config)
    check_thresholds(reader, path, doc, config)
    check_localized(reader, path, doc, config)
    return config


def check_thresholds(reader: _Reader, path: Path, doc, config: SiteConfig) -> None:
    """Satisfaction thresholds are percentages, the public report's the lower of the two."""
    limits = config.satisfaction
    for key in ("handle_again", "report_publicly"):
        if not 0 <= getattr(limits, key) <= 100:
            reader.error(path, doc.line_of(("satisfaction", key)),
                         f"satisfaction.{key} is a percentage: between 0 and 100")
    if limits.report_publicly > limits.handle_again:
        reader.error(path, doc.line_of(("satisfaction", "report_publicly")),
                     "satisfaction.report_publicly is above satisfaction.handle_again: a "
                     "response reported publicly is one still to be handled again")


def check_localized(reader: _Reader, path: Path, doc, config: SiteConfig) -> None:
    """A title or body given per language names the site's languages only, and gives the
    default language's (what a page in any other language falls back to)."""
    for key in ("title", "body"):
        value = getattr(config, key)
        if not isinstance(value, dict):
            continue
        for code in value:
            if code not in config.languages:
                reader.error(path, doc.line_of((key, code)), f"{key}.{code}: {code!r} is not "
                             f"one of the site's languages ({', '.join(config.languages)})")
        if config.language not in value:
            reader.error(path, doc.line_of((key,)), f"{key} has no text in the site's language "
                         f"{config.language!r}: add `{config.language}: ...` under {key}")


def check_languages(reader: _Reader, path: Path, doc, config: SiteConfig) -> None:
    """Interface languages must have a catalog; ``languages`` starts with ``language``."""
    given = doc.data if isinstance(doc.data, dict) else {}
    if config.languages and "language" not in given:
        config.language = config.languages[0]
    names = ", ".join(LANGUAGES)
    if not known(config.language):
        reader.error(path, doc.line_of(("language",)), f"unknown interface language "
                     f"{config.language!r} (Docket has {names})")
    seen: set[str] = set()
    for i, code in enumerate(config.languages):
        line = doc.line_of(("languages", i))
        if not known(code):
            reader.error(path, line, f"unknown interface language {code!r} (Docket has {names})")
        elif code in seen:
            reader.error(path, line, f"language {code!r} is listed twice")
        seen.add(code)
    if config.languages and config.languages[0] != config.language:
        reader.error(path, doc.line_of(("languages", 0)), "the first of languages is the "
                     f"site's default and must be its language ({config.language!r})")
    if not config.languages:
        config.languages = [config.language]


def load_meta(reader: _Reader, folder: Path, tz: ZoneInfo) -> DraftMeta | None:
    path = folder / "draft.yaml"
    if not path.is_file():
        reader.error(path, 1, "missing draft.yaml (every draft folder needs one)")
        return None
    meta, doc = reader.load(path, DraftMeta)
    if meta is None:
        return None
    if not meta.title.strip():  # (an empty link on the home page, an empty heading)
        reader.error(path, doc.line_of(("title",)), "title is empty: give the draft's title")
    if is_summary_placeholder(meta.summary):
        reader.error(path, doc.line_of(("summary",)), placeholder_message(SUMMARY), "warning")
    if meta.comment_period:
        opens, closes = bounds(meta.comment_period, tz)
        if closes <= opens:
            reader.error(
                path,
                doc.line_of(("comment_period", "closes")),
                "comment_period.closes is before comment_period.opens",
            )
    seen: dict[str, int] = {}
    for i, hearing in enumerate(meta.hearings):
        line = doc.line_of(("hearings", i, "id"))
        if not HEARING_ID.match(hearing.id):
            reader.error(path, line, f"hearing id {hearing.id!r} is part of the hearing's "
                                     "address: use letters, digits, hyphens and underscores "
                                     "(e.g. h1)")
        if hearing.id in seen:
            reader.error(
                path,
                line,
                f"duplicate hearing id {hearing.id!r} (first at line {seen[hearing.id]})",
            )
        seen.setdefault(hearing.id, line)
    check_rounds(reader, path, doc, meta)
    return meta


def check_rounds(reader: _Reader, path: Path, doc: YamlDoc, meta: DraftMeta) -> None:
    """Rating rounds have unique ids, close on or after they open, and do not overlap: a
    rating counts in the one round whose dates hold the day it came in."""
    seen: dict[str, int] = {}
    for i, rnd in enumerate(meta.rating_rounds):
        line = doc.line_of(("rating_rounds", i, "id"))
        if rnd.id in seen:
            reader.error(path, line, f"duplicate rating round id {rnd.id!r} "
                                     f"(first at line {seen[rnd.id]})")
        seen.setdefault(rnd.id, line)
        if rnd.closes < rnd.opens:
            reader.error(path, doc.line_of(("rating_rounds", i, "closes")),
                         f"rating round {rnd.id!r} closes before it opens")
        for other in meta.rating_rounds[:i]:
            if rnd.opens <= other.closes and other.opens <= rnd.closes:
                reader.error(path, doc.line_of(("rating_rounds", i, "opens")),
                             f"rating round {rnd.id!r} overlaps round {other.id!r}: a rating "
                             "received then would count in both")


def load_version(reader: _Reader, path: Path) -> Version | None:
    match = VERSION_NAME.match(path.name)
    if not match:
        reader.error(path, 1, "version files must be named NN-name.md (e.g. 01-introduced.md)")
        return None
    text = reader.text(path)
    if text is None:
        return None
    split = split_front_matter(text)
    if split is None:
        reader.error(
            path,
            1,
            "missing front matter: start the file with --- then label: and "
            "date:, and close it with ---",
        )
        return None
    front, body, offset = split
    doc = reader.yaml(path, front, line_offset=1)
    meta = reader.validated(path, doc, VersionMeta) if doc else None
    if meta is None:
        return None
    reader.date_lines[path] = doc.line_of(("date",))
    if not meta.label.strip():  # (the versions list and every redline name it)
        reader.error(path, doc.line_of(("label",)),
                     "label is empty: say what readers call this version (First reading)")
    # Parsed on first use, and then once per text (see parsed.py).
    return Version(path.stem, int(match["nn"]), meta, path,
                   Source(body, reader.name(path), offset, reader.texts))


def load_versions(reader: _Reader, folder: Path) -> list[Version]:
    vdir = folder / "versions"
    files = sorted(vdir / name for name in markdown_names(vdir) if not editor_litter(name))
    if not files:
        reader.error(
            folder / "draft.yaml", 1, f"no versions: add {reader.name(vdir)}/01-introduced.md"
        )
        return []
    versions = [v for v in (load_version(reader, f) for f in files) if v]
    versions.sort(key=lambda v: v.number)
    for before, after in pairwise(versions):
        if after.number == before.number:
            reader.error(
                after.path,
                1,
                f"version number {after.number:02d} is used twice "
                f"(also {reader.name(before.path)})",
            )
        elif after.meta.date < before.meta.date:
            reader.error(
                after.path,
                reader.date_lines[after.path],
                f"versions out of order: dated {after.meta.date} but the "
                f"earlier version {before.slug} is dated {before.meta.date}",
            )
    return versions


def draft_folders(folder: Path) -> list[str]:
    """The names of the folders in ``drafts/`` (a link to one included), sorted: what
    ``sorted(p for p in folder.iterdir() if p.is_dir())`` names, from one listing that says
    what each entry is (no ``stat`` of each draft's folder, no paths compared part by part);
    none if ``drafts/`` is not a folder."""
    def is_folder(entry: os.DirEntry) -> bool:
        try:
            return entry.is_dir()
        except OSError:  # (a loop of links, say): as pathlib answers it
            return Path(entry.path).is_dir()

    try:
        with os.scandir(folder) as entries:
            return sorted(entry.name for entry in entries if is_folder(entry))
    except (FileNotFoundError, NotADirectoryError):
        return []


def markdown_names(folder: Path) -> list[str]:
    """The names in ``folder`` that end in ``.md`` (what ``folder.glob("*.md")`` finds,
    folders and links included, without making a path of every name to match it); none
    if it is not a folder that can be listed."""
    try:
        with os.scandir(folder) as entries:
            return [entry.name for entry in entries if entry.name.endswith(".md")]
    except OSError:
        return []


def load_draft(reader: _Reader, folder: Path, tz: ZoneInfo) -> Draft | None:
    if not SLUG.match(folder.name):
        reader.error(
            folder / "draft.yaml",
            1,
            f"draft folder name {folder.name!r} must be "
            "lower-case letters, digits and hyphens (it becomes the URL)",
        )
        return None
    if real := outside(folder, reader.roots, reader.folders):
        reader.error(folder, 0, outside_message(real))
        return None
    for path, why in strays(folder):  # (the files read report themselves)
        if path != folder / "draft.yaml" and not (path.parent == folder / "versions"
                                                  and path.suffix == ".md"):
            reader.error(path, 1, f"skipped: {why}", "warning")
    meta = load_meta(reader, folder, tz)
    versions = load_versions(reader, folder)
    if meta is None or not versions:
        return None
    return Draft(folder.name, folder, meta, versions)


def load_project(root: Path, progress: Callable[[str, int, int], None] | None = None,
                 parse: bool = True, cache: KeptDrafts | None = None,
                 now: datetime | None = None, texts: TextCache | None = None) -> Loaded:
    """Load everything under ``root``; the project is None only when site.yaml is unusable.

    ``parse``: parse every version's text now, so its problems are in the result; without it
    each text is parsed on first use and its problems are the user's to collect
    (``text_problems``). ``progress(stage, done, total)`` is called after each draft.
    ``cache``: drafts loaded by an earlier build, taken as they were if unchanged.
    ``now``: the build's clock (a naive time is the site's), for versions dated after it.
    ``texts``: where parsed texts are kept (see parsed.py); None parses each on first use.
    """
    reader = _Reader(root, texts)
    config = load_config(reader)
    if config is None:
        return Loaded(None, reader.problems)
    tz = config.tz
    drafts_dir = root / "drafts"
    folders = [drafts_dir / name for name in draft_folders(drafts_dir)]
    drafts = []
    for done, folder in enumerate(folders, start=1):
        kept = cache.get(folder.name) if cache is not None else None
        if kept is not None:
            draft, found = kept
            reader.problems += found
            for version in draft.versions if draft else ():
                if isinstance(version.parse, Source):  # (pickled without the cache)
                    version.parse = version.parse.with_texts(texts)
        else:
            before = len(reader.problems)
            if draft := load_draft(reader, folder, tz):
                # Written in the site's language unless it says otherwise: every
                # interface language then marks the text with the right lang="".
                draft.meta.language = draft.meta.language or config.language
            if cache is not None:
                cache.put(folder.name, (draft, reader.problems[before:]))
        if draft:
            drafts.append(draft)
            if parse:
                reader.problems += text_problems(draft)
        if progress:
            progress("Reading drafts", done, len(folders))
    reader.problems += future_versions(reader, drafts, now, tz)  # never kept: time moves on
    return Loaded(Project(root, config, drafts), sorted(reader.problems))


def load_drafts(root: Path, config: SiteConfig, slugs: list[str], now: datetime | None = None,
                texts: TextCache | None = None) -> tuple[dict[str, Draft], list[Problem]]:
    """Load only the named draft folders (``docket serve`` after a save), texts parsed: the
    drafts that load, and every problem found (a folder that is gone is simply absent)."""
    reader = _Reader(root, texts)
    tz = config.tz
    drafts = {}
    for slug in slugs:
        folder = root / "drafts" / slug
        if folder.is_dir() and (draft := load_draft(reader, folder, tz)):
            draft.meta.language = draft.meta.language or config.language
            drafts[slug] = draft
            reader.problems += text_problems(draft)
    reader.problems += future_versions(reader, list(drafts.values()), now, tz)
    return drafts, sorted(reader.problems)


def future_versions(reader: _Reader, drafts: list[Draft], now: datetime | None,
                    tz: ZoneInfo) -> list[Problem]:
    """Warn about versions dated after today in the site's time zone.

    The site publishes every version at once whatever its date, and the highest-numbered as
    the current text, so a date in the future is nearly always a mistyped year or a version
    committed before it is due. Not kept with a draft (see ``DraftCache``): it depends on
    the clock, which the build state follows (a version's date is one of its moments).
    """
    now = now or datetime.now(tz)
    today = (now if now.tzinfo else now.replace(tzinfo=tz)).astimezone(tz).date()
    found = []
    for draft in drafts:
        for version in draft.versions:
            if version.meta.date <= today:
                continue
            current = ", as the current version" if version is draft.versions[-1] else ""
            found.append(Problem(
                reader.name(version.path), _date_line(reader, version.path),
                f"dated {version.meta.date}, after today ({today} in {tz.key}): "
                f"it is published at once{current}", "warning"))
    return found


def _date_line(reader: _Reader, path: Path) -> int:
    """The line of ``date:`` in a version's front matter (a draft kept from an earlier build
    has not been read this time; this is asked only of the rare version dated ahead)."""
    if path in reader.date_lines:
        return reader.date_lines[path]
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        return 1
    for n, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            break
        if line.startswith("date:"):
            return n
    return 1


def text_problems(draft: Draft) -> list[Problem]:
    """Parse every version of ``draft`` (if not yet done; together, so what they share is
    read once) and return what parsing found."""
    parse_together(draft.versions)
    return [p for v in draft.versions for p in v.parsed.problems]
