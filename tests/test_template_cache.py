"""Compiled templates kept for every build on the machine (``DOCKET_TEMPLATE_CACHE``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment

from generator.render.environment import TEMPLATE_CACHE_ENV, compiled_templates


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


def test_without_the_folder_a_clean_build_compiles_and_others_use_the_project_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TEMPLATE_CACHE_ENV, raising=False)
    assert compiled_templates(tmp_path, reuse=False) is None
    assert compiled_templates(tmp_path, reuse=True) is not None
    assert any((tmp_path / ".docket-cache").glob("templates-*"))
