"""`docket new`: a draft that is safe to start from, whatever its title and wherever the site is."""

from __future__ import annotations

import re

import pytest

from generator.cli import main
from generator.content.loader import load_project

from .conftest import write

NOW = "2026-11-30T20:00:00+00:00"  # already December 1 in Shanghai, still November 30 in Chicago


def new(project, *argv: str) -> int:
    return main(["--root", str(project), "new", *argv])


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch):
    monkeypatch.setenv("DOCKET_NOW", NOW)


@pytest.mark.parametrize(
    "title",
    [
        "Back\\slash \\n and \\\\ kept",
        'A "quoted" title',
        "Title: with a colon # and a hash",
        "First line\nsummary: injected\ncomment_period: {opens: 2026-01-01, closes: 2026-12-31}",
        "'single' and ---\n---\nnot: front matter",
        "  - a list? [no] {no} & *no* !no %no @no `no`",
        "城市养犬管理条例（草案）",
    ],
)
def test_the_title_round_trips_through_the_generated_yaml(project, title):
    assert new(project, "a-draft", "--title", title) == 0
    loaded = load_project(project)
    assert not [p for p in loaded.problems if p.is_error], loaded.problems
    meta = loaded.project.drafts[0].meta
    # The loader strips surrounding whitespace from every value; nothing else may change.
    assert meta.title == title.strip()
    assert meta.comment_period is None  # nothing injected
    assert meta.summary.startswith("One to three sentences")
    text = (project / "drafts" / "a-draft" / "draft.yaml").read_text(encoding="utf-8")
    assert "# e.g. \"Ordinance 2026-14\"" in text  # the helpful comments are kept
    version = loaded.project.drafts[0].versions[-1]
    assert [p.id for p in version.parsed.root.children] == ["sec_1", "sec_2", "sec_3"]
    assert " ".join(title.split()) in version.parsed.index["sec_1"].text


def test_the_comment_period_is_left_out_with_an_example_to_switch_on(project):
    write(project / "site.yaml", "title: T\ntimezone: America/Chicago\n")
    assert new(project, "a-draft") == 0
    path = project / "drafts" / "a-draft" / "draft.yaml"
    assert load_project(project).project.drafts[0].meta.comment_period is None
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^# comment_period:$", text, re.M)
    # Uncommenting the example gives a period that opens today, in the site's time zone.
    path.write_text(re.sub(r"^# (comment_period:|  \w+: )", r"\1", text, flags=re.M),
                    encoding="utf-8")
    loaded = load_project(project)
    assert not [p for p in loaded.problems if p.is_error], loaded.problems
    period = loaded.project.drafts[0].meta.comment_period
    assert (str(period.opens), str(period.closes), period.allow_late) == (
        "2026-11-30", "2026-12-30", False)


@pytest.mark.parametrize(("zone", "today"), [("Asia/Shanghai", "2026-12-01"),
                                             ("America/Chicago", "2026-11-30")])
def test_dates_are_today_in_the_sites_time_zone(project, zone, today):
    write(project / "site.yaml", f"title: T\ntimezone: {zone}\n")
    assert new(project, "a-draft") == 0
    version = (project / "drafts" / "a-draft" / "versions" / "01-introduced.md").read_text()
    assert f"\ndate: {today}\n" in version
    draft = (project / "drafts" / "a-draft" / "draft.yaml").read_text()
    assert f"#   opens: {today} " in draft


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("a" * 81, "a draft name must be at most 80 characters (this one has 81)"),
        ("a" * 300, "a draft name must be at most 80 characters (this one has 300)"),
        ("Bad Name", "a draft name must be lower-case letters, digits and hyphens"),
        ("draft_1", "a draft name must be lower-case letters, digits and hyphens"),
        ("../escape", "a draft name must be lower-case letters, digits and hyphens"),
    ],
)
def test_a_bad_slug_is_wrong_usage(project, capsys, slug, message):
    with pytest.raises(SystemExit) as done:
        new(project, slug)
    assert done.value.code == 2
    assert f"argument SLUG: {message}" in capsys.readouterr().err
    assert not any((project / "drafts").iterdir())


def test_a_slug_of_80_characters_is_fine(project):
    assert new(project, "a" * 80) == 0
    assert load_project(project).ok


def test_new_outside_a_project_or_where_it_cannot_write_is_a_problem_not_a_bug(tmp_path, capsys):
    assert main(["--root", str(tmp_path), "new", "a-draft"]) == 1
    assert "site.yaml:1: no site.yaml here" in capsys.readouterr().err
    write(tmp_path / "site.yaml", "title: T\n")
    (tmp_path / "drafts").write_text("not a folder")
    assert main(["--root", str(tmp_path), "new", "a-draft"]) == 1
    assert "cannot create the draft" in capsys.readouterr().err


def test_the_placeholders_of_a_new_draft_are_warned_about_until_replaced(project, capsys):
    assert new(project, "a-draft") == 0
    assert main(["--root", str(project), "check"]) == 0
    err = capsys.readouterr().err
    assert ("drafts/a-draft/draft.yaml:7: warning: placeholder text left from `docket new`: "
            "'One to three sentences saying what this draft does, in plain language.'") in err
    assert ("drafts/a-draft/versions/01-introduced.md:16: warning: placeholder text left from "
            "`docket new`: '\"Term\" means ...'") in err
    assert "01-introduced.md:18: warning: placeholder text left" in err
    assert "0 error(s), 3 warning(s)" in err
    for path, old, replacement in [
        ("draft.yaml", "One to three sentences saying what this draft does, in plain language.",
         "Limits noise at night."),
        ("versions/01-introduced.md", '"Term" means ...', '"Night" means 10 pm to 7 am.'),
        ("versions/01-introduced.md", '"Other term" means ...', '"Noise" means sound.'),
    ]:
        file = project / "drafts" / "a-draft" / path
        file.write_text(file.read_text().replace(old, replacement))
    assert main(["--root", str(project), "check"]) == 0
    assert "warning" not in capsys.readouterr().err
