"""Hostile drafts, templates and files: each is a ``path:line`` problem, never a crash, a
hang or a file from outside the project published (issue 12)."""

from __future__ import annotations

import os
import re
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.build.run import build
from generator.content.loader import load_project
from generator.fingerprints import digest, file_digest
from generator.serve.preview import Preview

from .conftest import write
from .docket_process import docket

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)

GOOD_VERSION = """
---
label: Introduced
date: 2026-10-01
---

## Section 1. Purpose

Text.
"""


def draft(project, slug="noise", meta="title: Noise\n", versions=None):
    write(project / "drafts" / slug / "draft.yaml", meta)
    for name, text in (versions or {"01-introduced.md": GOOD_VERSION}).items():
        write(project / "drafts" / slug / "versions" / name, text)


def problems(project) -> list[str]:
    return [str(p) for p in load_project(project).problems]


def merge_bomb(levels: int) -> str:
    """Each level merges the one inside it twice: 2**levels keys once flattened."""
    inner = "{a: 1}"
    for i in range(levels):
        inner = f"{{<<: [&m{i} {inner}, *m{i}]}}"
    return f"title: x\nbomb: {inner}\n"


def test_a_yaml_merge_key_bomb_is_refused_before_it_is_expanded(project):
    draft(project, meta=merge_bomb(22))  # 4 million keys (the old code took 0.5 s and 1 GB)
    started = time.perf_counter()
    found = problems(project)
    assert found == ["drafts/noise/draft.yaml:2: document too large (too many merged keys)"]
    assert time.perf_counter() - started < 0.5


def test_yaml_merge_keys_still_work(project):
    draft(project, meta="title: x\nhearings:\n"
                        "  - {id: h1, <<: &at {date: 2026-12-08, place: Hall}}\n"
                        "  - {id: h2, <<: *at}\n")
    loaded = load_project(project)
    assert loaded.ok, loaded.problems
    hearings = loaded.project.drafts[0].meta.hearings
    assert [(h.id, h.place) for h in hearings] == [("h1", "Hall"), ("h2", "Hall")]


def test_deeply_nested_yaml_is_a_problem_with_its_line(project):
    block = "".join("  " * i + f"k{i}:\n" for i in range(500)) + "  " * 500 + "v\n"
    draft(project, meta="title: x\n" + block)
    flow = "---\nlabel: x\ndate: 2026-10-01\nx: " + "[" * 50_000 + "]" * 50_000 + "\n---\n"
    draft(project, "flow", versions={"01-a.md": flow})  # crashed libyaml's composer
    assert problems(project) == [
        "drafts/flow/versions/01-a.md:4: nested more than 64 levels deep",
        "drafts/noise/draft.yaml:66: nested more than 64 levels deep",
    ]


# ---------------------------------------------------------------- files outside the project


def built(project, now="2026-12-01T12:00") -> tuple[int, str]:
    """``docket build`` in a process of its own, bounded in time: (exit code, stderr)."""
    run = docket("--root", str(project), "build", "--now", now, "-q")
    return run.returncode, run.stderr


def checked(project) -> tuple[int, str]:
    run = docket("--root", str(project), "check")
    return run.returncode, run.stderr


@pytest.fixture
def secret(tmp_path_factory) -> Path:
    """A file outside the project that must never be published."""
    path = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    path.write_text("root:x:0:0:SECRET\n", encoding="utf-8")
    return path


def test_a_static_file_linked_outside_the_project_is_refused(project, secret):
    draft(project)
    (project / "templates" / "static").mkdir(parents=True)
    (project / "templates" / "static" / "leak.txt").symlink_to(secret)
    code, err = built(project)
    assert code == 1
    assert f"templates/static/leak.txt:1: resolves to {secret}, outside the project" in err
    assert not (project / "site").exists()
    code, err = checked(project)
    assert code == 1 and "templates/static/leak.txt:1: resolves to" in err

    write(project / "site.yaml", (project / "site.yaml").read_text()
          + f"allow_outside_root: [{secret.parent}]\n")  # said explicitly: published
    code, err = built(project)
    assert code == 0, err
    [leak] = (project / "site" / "static").glob("leak.*.txt")
    assert "SECRET" in leak.read_text()


def test_a_version_or_a_draft_folder_linked_outside_the_project_is_refused(project, secret,
                                                                           tmp_path_factory):
    draft(project)
    (project / "drafts" / "noise" / "versions" / "02-leak.md").symlink_to(secret)
    elsewhere = tmp_path_factory.mktemp("drafts") / "outside"
    draft(elsewhere.parent, "outside")
    (project / "drafts" / "outside").symlink_to(elsewhere.parent / "drafts" / "outside")
    found = problems(project)
    assert found == [
        f"drafts/noise/versions/02-leak.md:1: resolves to {secret}, outside the project: "
        "not read (list that place under allow_outside_root in site.yaml to allow it)",
        f"drafts/outside: resolves to {elsewhere.parent / 'drafts' / 'outside'}, outside "
        "the project: not read (list that place under allow_outside_root in site.yaml to "
        "allow it)",
    ]
    code, err = built(project)
    assert code == 1 and not (project / "site").exists()
    assert "drafts/noise/versions/02-leak.md:1: resolves to" in err


# ---------------------------------------------------------------- files that are not files


def test_editor_lock_and_backup_files_are_skipped(project):
    draft(project)
    versions = project / "drafts" / "noise" / "versions"
    (versions / ".#01-introduced.md").symlink_to("ada@host.4242:1700000000")  # Emacs's lock
    write(versions / "01-introduced.md~", "old")
    write(versions / "#01-introduced.md#", "autosave")
    write(versions / ".01-introduced.md.swp", "vim")
    assert problems(project) == []
    code, err = built(project)
    assert code == 0, err


def test_a_broken_link_a_fifo_and_a_device_are_problems_not_hangs(project):
    draft(project)
    folder = project / "drafts" / "noise"
    (folder / "versions" / "02-gone.md").symlink_to("nowhere.md")
    os.mkfifo(folder / "notes.txt")
    (folder / "zero.bin").symlink_to("/dev/zero")
    os.mkfifo(project / "templates.fifo")  # not an input: ignored
    expected = [
        "drafts/noise/notes.txt:1: warning: skipped: not a regular file: a FIFO (named pipe)",
        "drafts/noise/versions/02-gone.md:1: broken symbolic link (to nowhere.md)",
        "drafts/noise/zero.bin:1: warning: skipped: not a regular file: a device",
    ]
    assert problems(project) == expected
    code, err = built(project)  # the old code hung on the FIFO, or died reading the link
    assert code == 1
    assert all(line in err for line in expected)
    (folder / "versions" / "02-gone.md").unlink()
    code, err = built(project)
    assert code == 0
    assert expected[0] in err and expected[2] in err


def test_input_files_are_hashed_by_streaming(tmp_path):
    big = tmp_path / "stray.bin"
    with open(big, "wb") as f:  # sparse: 40 MB on no disk
        f.truncate(40 * 2**20)
    tracemalloc.start()
    try:
        value = file_digest(big)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20
    assert value == digest(b"\0" * (40 * 2**20))  # the same hash as reading it whole


def test_a_stray_file_too_large_for_any_input_is_not_read(tmp_path):
    huge = tmp_path / "disk.img"
    with open(huge, "wb") as f:  # sparse: 3 GB on no disk
        f.truncate(3 * 2**30)
    started = time.perf_counter()
    before = file_digest(huge)
    assert time.perf_counter() - started < 0.5  # (reading it takes seconds)
    with open(huge, "r+b") as f:
        f.write(b"changed")
    assert file_digest(huge) != before


def test_serve_preview_survives_an_editor_lock_file(examples):
    build(examples, now=NOW)
    preview = Preview(examples, examples / "site")
    versions = examples / "drafts" / "short-term-rentals" / "versions"
    (versions / ".#03-second-reading.md").symlink_to("ada@host.4242:1700000000")
    assert preview.update(NOW) is True  # the old code: FileNotFoundError in the overlay
    assert preview.overlay.pages == {}


# ---------------------------------------------------------------- templates that fail


@pytest.mark.parametrize(("template", "expected"), [
    ('{% extends "base.html" %}\n{% block main %}\n{{ 1 // 0 }}\n{% endblock %}\n',
     re.escape("templates/privacy.html:3: template error: ZeroDivisionError: integer "
               "division or modulo by zero")),
    ('{% extends "base.html" %}\n{% block main %}\n{% include "privacy.html" %}\n'
     '{% endblock %}\n',
     r"templates/privacy\.html:\d+: template error: it includes, extends or calls itself "
     "without end"),
    ('{% extends "base.html" %}\n{% block main %}\n{% include "nosuch.html" %}\n'
     '{% endblock %}\n',
     re.escape("templates/privacy.html:3: template error: no template 'nosuch.html' in "
               "templates/ or the theme")),
    (b'{% extends "base.html" %}\n{% block main %}\nd\xe9j\xe0 vu\n{% endblock %}\n',
     re.escape("templates/privacy.html:3: not valid UTF-8 (byte 44)")),
])
def test_a_template_that_fails_while_rendering_is_a_path_line_problem(project, template,
                                                                      expected):
    draft(project)
    path = project / "templates" / "privacy.html"
    path.parent.mkdir()
    if isinstance(template, bytes):
        path.write_bytes(template)
    else:
        path.write_text(template, encoding="utf-8")
    for code, err in (checked(project), built(project)):
        assert code == 1, err
        assert re.search(r"(^|/)" + expected, err, re.M), err  # (relative to the cwd)
        assert "internal error" not in err
