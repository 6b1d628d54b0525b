"""Hostile drafts, templates and files: each is a ``path:line`` problem, never a crash, a
hang or a file from outside the project published (issue 12)."""

from __future__ import annotations

import time

from generator.content.loader import load_project

from .conftest import write

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
