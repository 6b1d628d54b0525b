"""Compiled templates kept between builds: the theme's with Docket (beside its compiled
modules), and every template in ``DOCKET_TEMPLATE_CACHE`` when that names a folder."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment, bccache

from generator import fingerprints, i18n
from generator.build.run import build
from generator.build.select import TemplateGraph, ThemeReferences
from generator.fingerprints import ThemeFolder
from generator.i18n import LANGUAGES, translations
from generator.render.environment import TEMPLATE_CACHE_ENV, compiled_templates
from generator.theme import theme_dir

from .conftest import SITE_YAML, write

NOW = datetime(2026, 11, 5, 9)


def environment(cache, source: str = "{{ 1 + 1 }} {{ name }}") -> Environment:
    return Environment(loader=DictLoader({"page.html": source}), bytecode_cache=cache)


def test_a_cache_folder_serves_other_projects_and_clean_builds_without_compiling(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TEMPLATE_CACHE_ENV, str(tmp_path / "machine"))
    first = compiled_templates(tmp_path / "one", reuse=False)
    assert first is not None
    assert environment(first).get_template("page.html").render(name="x") == "2 x"

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(Environment, "compile", no_compiling)
    other = compiled_templates(tmp_path / "two", reuse=False)  # another project, --clean
    assert environment(other).get_template("page.html").render(name="y") == "2 y"
    assert not (tmp_path / "one").exists() and not (tmp_path / "two").exists()


def test_a_changed_template_is_compiled_again_from_its_source(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TEMPLATE_CACHE_ENV, str(tmp_path / "machine"))
    cache = compiled_templates(tmp_path, reuse=False)
    assert environment(cache).get_template("page.html").render(name="x") == "2 x"
    changed = environment(compiled_templates(tmp_path, reuse=False), "{{ name }}!")
    assert changed.get_template("page.html").render(name="x") == "x!"


def test_without_the_folder_a_clean_build_compiles_the_projects_and_others_keep_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TEMPLATE_CACHE_ENV, raising=False)
    monkeypatch.setattr(fingerprints, "theme_cache_folder", lambda: tmp_path / "theme")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    clean = compiled_templates(tmp_path, reuse=False)
    assert clean is not None and clean.project is None  # (the theme's only)
    assert not (tmp_path / ".docket-cache").exists()
    assert compiled_templates(tmp_path, reuse=True).project is not None
    assert any((tmp_path / ".docket-cache").glob("templates-*"))


# ---------------------------------------------------------------- the theme's, kept with Docket


def small_project(root: Path, template: str | None = None) -> Path:
    """One draft of two versions; ``template``: a template of the project's own
    (``templates/draft.html``, in place of the theme's)."""
    write(root / "site.yaml", SITE_YAML)
    folder = root / "drafts" / "alpha"
    write(folder / "draft.yaml", "title: Draft alpha\ncomment_period:\n"
          "  opens: 2026-11-01\n  closes: 2026-11-30\n")
    for number, word in [(1, "hosts"), (2, "guests")]:
        write(folder / "versions" / f"0{number}-reading.md",
              f"---\nlabel: Version {number}\ndate: 2026-10-0{number}\n---\n\n"
              f"## Section 1. Scope\n\nThis applies to {word}.\n")
    if template is not None:
        write(root / "templates" / "draft.html", template)
    return root


@pytest.fixture
def theme_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The theme's compiled templates kept in a folder of the test's own (not beside the
    checkout's modules), written as a drafter's Python writes bytecode."""
    monkeypatch.delenv(TEMPLATE_CACHE_ENV, raising=False)
    folder = tmp_path / "installed" / "__pycache__" / "theme-test"
    monkeypatch.setattr(fingerprints, "theme_cache_folder", lambda: folder)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return folder


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The file of every template compiled from here on (theme's or project's)."""
    names: list[str] = []
    real = Environment.compile

    def compile(self, source, name=None, filename=None, *args, **kwargs):
        names.append(filename or "")
        return real(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", compile)
    return names


def theme_files(compiled: list[str]) -> list[str]:
    theme = str(theme_dir().resolve())
    return [name for name in compiled if str(Path(name).resolve()).startswith(theme)]


def test_a_fresh_projects_clean_build_compiles_no_theme_template_but_its_own(
        tmp_path: Path, theme_folder: Path, compiled: list[str]) -> None:
    build(small_project(tmp_path / "one"), now=NOW, clean=True)
    assert theme_files(compiled)  # the first build on this installation compiles the theme
    assert any(theme_folder.iterdir())
    first = sorted(p.name for p in (tmp_path / "one" / "site").rglob("*"))
    compiled.clear()

    own = "{% extends 'base.html' %}{% block main %}<p>Ours: {{ draft.meta.title }}</p>{% endblock %}"
    other = small_project(tmp_path / "two", template=own)
    build(other, now=NOW, clean=True)
    assert theme_files(compiled) == []
    assert compiled == [str(other / "templates" / "draft.html")]  # the project's: compiled
    assert "<p>Ours: Draft alpha</p>" in (other / "site/drafts/alpha/index.html").read_text()
    assert not (other / ".docket-cache").exists() or not any(
        (other / ".docket-cache").glob("templates-*"))  # (a clean build keeps the project's nowhere)
    assert sorted(p.name for p in (tmp_path / "one" / "site").rglob("*")) == first


def test_a_theme_folder_that_cannot_be_made_or_written_only_costs_the_compiling(
        tmp_path: Path, theme_folder: Path, compiled: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "installed").write_text("a file where the folder would be")  # cannot be made
    build(small_project(tmp_path / "one"), now=NOW, clean=True)
    assert theme_files(compiled)
    reference = (tmp_path / "one" / "site" / "drafts" / "alpha" / "index.html").read_bytes()

    (tmp_path / "installed").unlink()
    theme_folder.mkdir(parents=True)

    making = bccache.tempfile.NamedTemporaryFile  # (Jinja's and Docket's way to write there)

    def read_only(*args, **kwargs):  # what a folder of an installation not ours refuses
        if Path(kwargs.get("dir", "")) == theme_folder:
            raise PermissionError(13, "Permission denied", str(theme_folder))
        return making(*args, **kwargs)

    monkeypatch.setattr(bccache.tempfile, "NamedTemporaryFile", read_only)
    compiled.clear()
    build(small_project(tmp_path / "two"), now=NOW, clean=True)
    assert theme_files(compiled)
    assert list(theme_folder.iterdir()) == []
    assert (tmp_path / "two" / "site/drafts/alpha/index.html").read_bytes() == reference


def test_without_bytecode_writing_the_theme_is_compiled_in_memory_and_kept_ones_are_read(
        tmp_path: Path, theme_folder: Path, compiled: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # PYTHONDONTWRITEBYTECODE
    build(small_project(tmp_path / "one"), now=NOW, clean=True)
    assert theme_files(compiled) and not theme_folder.exists()

    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    build(small_project(tmp_path / "two"), now=NOW, clean=True)  # kept, this time
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    compiled.clear()
    build(small_project(tmp_path / "three"), now=NOW, clean=True)
    assert theme_files(compiled) == []


def test_a_new_version_of_docket_removes_the_theme_folders_of_others(
        tmp_path: Path, theme_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = theme_folder.with_name("theme-older")
    old.mkdir(parents=True)
    (old / "x.cache").write_bytes(b"stale")
    assert compiled_templates(tmp_path, reuse=False) is not None
    assert theme_folder.is_dir() and not old.exists()


# ---------------------------------------------------------------- the theme's references


def theme_graph(references=None) -> TemplateGraph:
    return TemplateGraph([theme_dir()], theme_names(), theme=references)


def theme_names() -> list[str]:
    return sorted(p.relative_to(theme_dir()).as_posix() for p in theme_dir().rglob("*.html"))


def test_the_theme_references_kept_give_every_closure_parsing_gives(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = theme_names()
    parsed = {name: theme_graph().closure(name) for name in names}
    first = ThemeReferences(ThemeFolder(tmp_path, True))
    assert {name: theme_graph(first).closure(name) for name in names} == parsed
    first.save()
    assert (tmp_path / ThemeReferences.FILE).is_file()

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr(TemplateGraph, "_parsed", no_parsing)
    kept = ThemeReferences(ThemeFolder(tmp_path, True))
    assert {name: theme_graph(kept).closure(name) for name in names} == parsed
    assert {"draft.html", "base.html"} < parsed["draft.html"][0]  # (not a trivial answer)


def test_an_edited_or_damaged_theme_reference_is_parsed_again(tmp_path: Path) -> None:
    kept = ThemeReferences(ThemeFolder(tmp_path, True))
    parsed = theme_graph(kept).closure("draft.html")
    kept.save()
    entries = json.loads((tmp_path / ThemeReferences.FILE).read_text())
    entries["draft.html"] = ["an older source", ["nothing.html"], False]
    entries["base.html"] = "damaged"
    (tmp_path / ThemeReferences.FILE).write_text(json.dumps(entries))
    assert theme_graph(ThemeReferences(ThemeFolder(tmp_path, True))).closure("draft.html") == parsed
    (tmp_path / ThemeReferences.FILE).write_text("{not json")
    assert theme_graph(ThemeReferences(ThemeFolder(tmp_path, True))).closure("draft.html") == parsed


def test_theme_references_are_not_written_where_bytecode_may_not_be(tmp_path: Path) -> None:
    for folder in [ThemeFolder(tmp_path, False), None,
                   ThemeFolder(tmp_path / "a-file" / "below", True)]:
        (tmp_path / "a-file").write_text("")
        kept = ThemeReferences(folder)
        assert theme_graph(kept).closure("draft.html")
        kept.save()  # (the last cannot be written: only the parsing is lost)
    assert not (tmp_path / ThemeReferences.FILE).exists()


# ---------------------------------------------------------------- the catalogs, kept compiled


def test_a_kept_catalog_translates_as_one_compiled_from_its_po(
        tmp_path: Path, theme_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for code in LANGUAGES:
        fresh = translations.__wrapped__(code)  # compiled, and kept
        assert list(theme_folder.glob(f"messages-{code}-*.mo"))
        monkeypatch.setattr(i18n, "parsed_catalog", None)  # (any compiling would fail)
        kept = translations.__wrapped__(code)
        monkeypatch.undo()
        monkeypatch.setattr(fingerprints, "theme_cache_folder", lambda: theme_folder)
        monkeypatch.setattr(sys, "dont_write_bytecode", False)
        assert kept._catalog == fresh._catalog and len(kept._catalog) > 30
        assert kept.gettext("Comment on this draft") == fresh.gettext("Comment on this draft")


def test_an_edited_catalog_is_compiled_again(
        tmp_path: Path, theme_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert translations.__wrapped__("zh-Hans").gettext("Comment on this draft") != \
        "Comment on this draft"
    po = tmp_path / "messages.po"
    source = i18n.catalog_path("zh-Hans").read_text(encoding="utf-8")
    start = source.index('msgid "Comment on this draft"')
    end = source.index("\n\n", start)
    po.write_text(source[:start] + 'msgid "Comment on this draft"\nmsgstr "改过了"'
                  + source[end:], encoding="utf-8")
    monkeypatch.setattr(i18n, "catalog_path", lambda code: po)
    assert translations.__wrapped__("zh-Hans").gettext("Comment on this draft") == "改过了"
    assert len(list(theme_folder.glob("messages-zh-Hans-*.mo"))) == 2


def test_without_bytecode_writing_no_catalog_is_kept(
        theme_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert translations.__wrapped__("en").gettext("Comment on this draft")
    assert not theme_folder.exists()
