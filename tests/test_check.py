"""`docket check`: every problem at once, as path:line: message, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from generator.cli import main
from generator.content.loader import load_project

from .conftest import write

GOOD_DRAFT = """
title: Noise Ordinance
number: Ordinance 2026-1
sponsors: [Ada Park]
comment_period:
  opens: 2026-11-01
  closes: 2026-12-15
"""

GOOD_VERSION = """
---
label: Introduced
date: 2026-10-01
---

## Section 1. Purpose

Text.
"""


def draft(project, slug="noise", meta=GOOD_DRAFT, versions=None):
    write(project / "drafts" / slug / "draft.yaml", meta)
    for name, text in (versions or {"01-introduced.md": GOOD_VERSION}).items():
        write(project / "drafts" / slug / "versions" / name, text)


def problems(project) -> list[str]:
    return [str(p) for p in load_project(project).problems]


def test_a_good_project_has_no_problems(project, capsys):
    draft(project)
    assert problems(project) == []
    assert main(["--root", str(project), "check"]) == 0
    assert "OK: 1 drafts, 1 versions, 1 provisions" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ("title: [unclosed\n", "drafts/noise/draft.yaml:1: YAML syntax error"),
        ("title: x\n  bad: indent\n", "drafts/noise/draft.yaml:2: YAML syntax error"),
        ("title: x\ntitel: typo\n", "drafts/noise/draft.yaml:2: unknown key 'titel'"),
        ("number: '1'\n", "drafts/noise/draft.yaml:1: missing required key 'title'"),
        (
            "title: x\nsponsors: Ada\n",
            "drafts/noise/draft.yaml:2: sponsors: Input should be a valid list",
        ),
        (
            "title: x\ncomment_period:\n  opens: 2026-02-30\n  closes: 2026-03-30\n",
            "drafts/noise/draft.yaml:3: invalid value '2026-02-30': day is out of range for month",
        ),
        (
            "title: x\ncomment_period:\n  opens: 2026-12-01\n  closes: 2026-11-01\n",
            "drafts/noise/draft.yaml:4: comment_period.closes is before comment_period.opens",
        ),
        (
            "title: x\ncomment_period:\n  opens: 2026-12-01\n",
            "drafts/noise/draft.yaml:2: missing required key 'comment_period.closes'",
        ),
        (
            "title: x\ntitle: y\n",
            "drafts/noise/draft.yaml:2: duplicate key 'title' (first at line 1)",
        ),
        (
            "title: x\nhearings:\n  - id: h1\n    date: 2026-12-01\n  - id: h1\n    date: 2026-12-02\n",
            "drafts/noise/draft.yaml:5: duplicate hearing id 'h1' (first at line 3)",
        ),
        (
            "title: x\nhearings:\n  - id: ../../../x\n    date: 2026-12-01\n",
            "drafts/noise/draft.yaml:3: hearing id '../../../x' is part of the hearing's address",
        ),
        (
            'title: x\nhearings:\n  - id: "Public Hearing"\n    date: 2026-12-01\n',
            "drafts/noise/draft.yaml:3: hearing id 'Public Hearing' is part of the hearing's",
        ),
        ("number: x\ntitle: ' '\n", "drafts/noise/draft.yaml:2: title is empty"),
        ("- just\n- a list\n", "drafts/noise/draft.yaml:1: should be a mapping of keys to values"),
    ],
)
def test_draft_yaml_errors(project, meta, expected):
    draft(project, meta=meta)
    found = problems(project)
    assert any(p.startswith(expected) for p in found), found


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "01-introduced.md",
            "## Section 1\n",
            "drafts/noise/versions/01-introduced.md:1: missing front matter",
        ),
        (
            "introduced.md",
            GOOD_VERSION,
            "drafts/noise/versions/introduced.md:1: version files must be named NN-name.md",
        ),
        (
            "01-introduced.md",
            "---\nlabel: x\ndate: 2026-13-01\n---\n",
            "drafts/noise/versions/01-introduced.md:3: invalid value '2026-13-01'",
        ),
        (
            "01-introduced.md",
            "---\ndate: 2026-10-01\n---\n",
            "drafts/noise/versions/01-introduced.md:2: missing required key 'label'",
        ),
        (
            "01-introduced.md",
            "---\ndate: 2026-10-01\nlabel: ''\n---\n\n## Section 1\n",
            "drafts/noise/versions/01-introduced.md:3: label is empty",
        ),
        (  # (pydantic said "input is too short"; a bare year is "a datetime with a time")
            "01-introduced.md",
            "---\nlabel: x\ndate: '2026'\n---\n\n## Section 1\n",
            "drafts/noise/versions/01-introduced.md:3: date: '2026' is not a date: write it as "
            "2026-11-30 (year-month-day)",
        ),
        (
            "01-introduced.md",
            "---\nlabel: x\ndate: 2026-10-01 17:00\n---\n\n## Section 1\n",
            "drafts/noise/versions/01-introduced.md:3: date: '2026-10-01 17:00' has a time; this "
            "takes a date alone",
        ),
        (
            "01-introduced.md",
            "---\nlabel: x\ndate: 2026-10-01\nlabl: y\n---\n",
            "drafts/noise/versions/01-introduced.md:4: unknown key 'labl'",
        ),
        (
            "01-introduced.md",
            "---\nlabel: x\ndate: 2026-10-01\n---\n\n## Section 1\n\n## Section 1\n",
            "drafts/noise/versions/01-introduced.md:8: duplicate provision number 'Section 1'",
        ),
        (
            "01-introduced.md",
            "---\nlabel: x\ndate: 2026-10-01\n---\n\n## Section 1\n\nSee section 9.\n",
            "drafts/noise/versions/01-introduced.md:8: warning: cross-reference 'section 9' points to no provision",
        ),
        (
            "01-introduced.md",
            "---\nlabel: x\ndate: 2026-10-01\n---\n\n## Section 1\n\nThe seal:\n"
            "![seal](https://tracker.example/pixel.gif)\n",
            "drafts/noise/versions/01-introduced.md:9: warning: the image "
            "https://tracker.example/pixel.gif is on another host",
        ),
    ],
)
def test_version_errors(project, name, text, expected):
    draft(project, versions={name: text})
    found = problems(project)
    assert any(p.startswith(expected) for p in found), found


def test_versions_out_of_order_and_duplicate_numbers(project):
    later = GOOD_VERSION.replace("2026-10-01", "2026-09-01")
    draft(
        project,
        versions={
            "01-introduced.md": GOOD_VERSION,
            "02-first-reading.md": later,
            "02-other.md": GOOD_VERSION.replace("2026-10-01", "2026-10-02"),
        },
    )
    found = problems(project)
    assert (
        "drafts/noise/versions/02-first-reading.md:3: versions out of order: dated 2026-09-01 "
        "but the earlier version 01-introduced is dated 2026-10-01" in found
    )
    assert any("version number 02 is used twice" in p for p in found)


def test_invalid_utf8_is_reported_with_its_line(project):
    draft(project)
    path = project / "drafts" / "noise" / "versions" / "01-introduced.md"
    path.write_bytes(GOOD_VERSION.lstrip().encode() + b"\n\xff\xfe broken\n")
    assert any(
        p.startswith("drafts/noise/versions/01-introduced.md:10: not valid UTF-8")
        for p in problems(project)
    )


def test_a_draft_without_versions(project):
    write(project / "drafts" / "empty" / "draft.yaml", "title: Empty\n")
    assert problems(project) == [
        "drafts/empty/draft.yaml:1: no versions: add drafts/empty/versions/01-introduced.md"
    ]


@pytest.mark.parametrize(
    ("site", "expected"),
    [
        ("title: x\ntimezone: Mars/Olympus\n", "site.yaml:2: unknown time zone 'Mars/Olympus'"),
        (
            "title: x\ncomments:\n  provider: carrier-pigeon\n",
            "site.yaml:3: unknown comments provider",
        ),
        ("title: x\nbase_url: example.org\n", "site.yaml:2: base_url must start with http"),
        ("titel: x\n", "site.yaml:1: missing required key 'title'"),
    ],
)
def test_site_yaml_errors(project, site, expected):
    write(project / "site.yaml", site)
    found = problems(project)
    assert any(p.startswith(expected) for p in found), found


def test_every_problem_is_reported_at_once(project, capsys):
    draft(project, "one", meta="title: x\nbogus: 1\n")
    draft(project, "two", versions={"01-a.md": "no front matter\n"})
    assert main(["--root", str(project), "check"]) == 1
    err = capsys.readouterr().err
    assert "drafts/one/draft.yaml:2: unknown key 'bogus'" in err
    assert "drafts/two/versions/01-a.md:1: missing front matter" in err
    assert "2 error(s), 0 warning(s)" in err


def test_no_site_yaml(tmp_path, capsys):
    assert main(["--root", str(tmp_path), "check"]) == 1
    assert "site.yaml:1: no site.yaml here" in capsys.readouterr().err


def test_bad_content_never_shows_a_traceback(project):
    draft(project, meta="title: [\n")
    draft(project, "b", versions={"01-a.md": "---\nlabel: [\n---\n"})
    run = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(project), "check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout
    assert "drafts/noise/draft.yaml:1: YAML syntax error" in run.stderr
    assert "drafts/b/versions/01-a.md:2: YAML syntax error" in run.stderr


def test_yaml_alias_bombs_are_refused(project):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 8):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        bomb += f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    draft(project, meta="title: x\n" + bomb)
    assert any("too many values or aliases" in p for p in problems(project))


WITNESSES = """\
title: x
hearings:
  - id: h1
    date: 2026-12-01
    witnesses:
      - Director of Planning
      - {name: Dana Whitfield, organization: Riders Union, position: for}
      - {name: Eli Park, organisation: Hosts Alliance, position: against}
      - {name: Fay Fox, position: maybe}
      - {name: Gus Gill, organisation: A, organization: B}
      - {name: Hal Hope, organsation: Tenants}
      - {organization: Nobody, position: neutral}
      - 12
"""


def test_witnesses_are_names_or_entries_with_an_organisation_and_a_position(project):
    draft(project, meta=WITNESSES)
    where = "drafts/noise/draft.yaml"
    assert [p for p in problems(project) if "witnesses" in p] == [
        f"{where}:9: hearings[0].witnesses[3].position: Input should be 'for', 'against', "
        "'neutral' or 'informational'",
        f"{where}:10: hearings[0].witnesses[4]: give organisation or organization, not both",
        f"{where}:11: unknown key 'hearings[0].witnesses[5].organsation': did you mean "
        "'organization'?",
        f"{where}:12: missing required key 'hearings[0].witnesses[6].name'",
        f"{where}:13: hearings[0].witnesses[7]: should be a name, or a mapping of name, "
        "organization and position",
    ]
    draft(project, meta="\n".join(WITNESSES.splitlines()[:8]) + "\n")  # the valid ones
    assert problems(project) == []


@pytest.mark.parametrize(
    ("where", "text", "expected"),
    [
        (
            "drafts/noise/draft.yaml",
            "title: x\ncomment_period:\n  opens: 2026-11-01\n  close: 2026-12-15\n",
            "drafts/noise/draft.yaml:4: unknown key 'comment_period.close': did you mean 'closes'?",
        ),
        (
            "drafts/noise/draft.yaml",
            "title: x\nsponsor: [Ada]\n",
            "drafts/noise/draft.yaml:2: unknown key 'sponsor': did you mean 'sponsors'?",
        ),
        (
            "drafts/noise/draft.yaml",
            "title: x\nhearings:\n  - id: h1\n    date: 2026-12-01\n    witness: [A]\n",
            "drafts/noise/draft.yaml:5: unknown key 'hearings[0].witness': "
            "did you mean 'witnesses'?",
        ),
        (
            "drafts/noise/versions/01-introduced.md",
            "---\nlabel: x\ndate: 2026-10-01\nnotes: y\n---\n",
            "drafts/noise/versions/01-introduced.md:4: unknown key 'notes': did you mean 'note'?",
        ),
        ("site.yaml", "title: x\ntimezon: UTC\n", "site.yaml:2: unknown key 'timezon': "
         "did you mean 'timezone'?"),
        ("site.yaml", "title: x\ncomments:\n  provider: local\n  providr: local\n",
         "site.yaml:4: unknown key 'comments.providr': did you mean 'provider'?"),
    ],
)
def test_an_unknown_key_suggests_the_nearest_known_one(project, where, text, expected):
    draft(project)
    write(project / where, text)
    found = problems(project)
    assert expected in found, found


def test_an_unknown_key_far_from_any_known_one_suggests_nothing(project):
    draft(project, meta="title: x\nbogus: 1\n")
    assert "drafts/noise/draft.yaml:2: unknown key 'bogus'" in problems(project)


def test_a_version_dated_after_today_in_the_sites_zone_is_a_warning(project):
    from datetime import datetime

    draft(project, versions={"01-introduced.md": GOOD_VERSION,
                             "02-amended.md": GOOD_VERSION.replace("2026-10-01", "2026-12-01")})

    def found(now: str) -> list[str]:
        return [str(p) for p in load_project(project, now=datetime.fromisoformat(now)).problems]

    # 03:00 UTC on December 1 is still November 30 in Chicago.
    assert found("2026-12-01T03:00:00+00:00") == [
        "drafts/noise/versions/02-amended.md:3: warning: dated 2026-12-01, after today "
        "(2026-11-30 in America/Chicago): it is published at once, as the current version"
    ]
    assert found("2026-12-01T07:00:00+00:00") == []
    assert found("2026-12-01T00:00:00") == []  # a naive clock is the site's


def test_check_and_build_take_the_clock_from_now(project, capsys, monkeypatch):
    draft(project)
    monkeypatch.delenv("DOCKET_NOW", raising=False)
    assert main(["--root", str(project), "check", "--now", "2026-09-15T12:00"]) == 0
    assert ("drafts/noise/versions/01-introduced.md:3: warning: dated 2026-10-01, after today "
            "(2026-09-15 in America/Chicago)") in capsys.readouterr().err
    monkeypatch.setenv("DOCKET_NOW", "2026-09-15T12:00")
    assert main(["--root", str(project), "build", "-q"]) == 0
    assert "01-introduced.md:3: warning: dated 2026-10-01" in capsys.readouterr().err
    assert main(["--root", str(project), "build", "-q", "--now", "2026-10-02T12:00"]) == 0
    assert "warning" not in capsys.readouterr().err


def test_build_reports_the_new_warnings_too(project, capsys, monkeypatch):
    monkeypatch.setenv("DOCKET_NOW", "2026-11-30T12:00")
    text = GOOD_VERSION + "\n## Sec 2 - Fees\n\nText.\n\n## Section 4\n\n(a) x\n\n(c) y\n"
    draft(project, versions={"01-introduced.md": text})
    assert main(["--root", str(project), "build", "-q"]) == 0
    err = capsys.readouterr().err
    assert "01-introduced.md:10: warning: 'Sec 2' looks like a number but is not read" in err
    assert "Section 4 follows" not in err  # the gap the unread line explains: said once
    assert "01-introduced.md:18: warning: numbering skips: (c) follows (a)" in err
    assert main(["--root", str(project), "build", "-q"]) == 0  # nothing to do: still said
    assert "numbering skips: (c) follows (a)" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "env", "named"), [
    (["--now", "tomorrow"], {}, "--now"),
    ([], {"DOCKET_NOW": "tomorrow"}, "DOCKET_NOW"),
])
def test_a_clock_that_is_not_iso_8601_is_wrong_usage_named_where_it_was_given(
        project, capsys, monkeypatch, argv, env, named):
    """Exit 2 (wrong usage, as the README's exit codes say), naming --now or DOCKET_NOW:
    whichever the user set."""
    draft(project)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(SystemExit) as exc:
        main(["--root", str(project), "check", *argv])
    assert exc.value.code == 2
    assert f"docket: invalid {named} 'tomorrow': use ISO 8601" in capsys.readouterr().err
