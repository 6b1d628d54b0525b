"""``docket comments respond``: a skeleton entry appended for staff to finish."""

from __future__ import annotations

import shutil

from generator.cli import main
from generator.content.loader import load_project
from generator.responses.gathered import responses_problems

from .fixtures import REPO

SLUG = "consumer-data-privacy"


def project(tmp_path):
    root = tmp_path / "project"
    (root / "drafts").mkdir(parents=True)
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "drafts" / SLUG, root / "drafts" / SLUG)
    return root


def respond(root, *args: str) -> int:
    return main(["--root", str(root), "comments", "respond", SLUG, *args])


def problems(root) -> list[str]:
    return [str(p) for p in responses_problems(load_project(root).project)]


def test_a_skeleton_is_appended_and_check_says_what_is_missing(tmp_path, capsys):
    root = project(tmp_path)
    path = root / "drafts" / SLUG / "responses.yaml"
    before = path.read_text(encoding="utf-8")
    assert respond(root, "dkt-2026-1k9k-4g7q", "--summary", "Keep the cure period: forever",
                   "--handled-by", "Office of the Attorney General", "Carla Nguyen") == 0
    assert "added r-4 to drafts/consumer-data-privacy/responses.yaml" in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    assert text.startswith(before)
    assert text[len(before):] == (
        "- id: r-4\n"
        "  answers: {comments: [DKT-2026-1K9K-4G7Q]}\n"
        "  summary: 'Keep the cure period: forever'\n"
        "  handled_by: {person: Carla Nguyen, unit: Office of the Attorney General}\n"
        "  supervised_by: {person: '', unit: ''}\n"
        "  plan: ''\n"
        "  result: in-progress\n"
        "  follow_ups: []\n")
    end = text.count("\n")
    assert problems(root) == [
        f"drafts/{SLUG}/responses.yaml:{end - 3}: supervised_by.person is empty",
        f"drafts/{SLUG}/responses.yaml:{end - 3}: supervised_by.unit is empty",
        f"drafts/{SLUG}/responses.yaml:{end - 2}: plan is empty"]


def test_a_provision_is_named_by_its_citation_and_unknown_things_are_refused(tmp_path, capsys):
    root = project(tmp_path)
    assert respond(root, "--provision", "Sec. 9(a)", "--id", "r-opt-out-scope") == 0
    assert "answers: {provision: sec_9__subsec_a}" in (
        root / "drafts" / SLUG / "responses.yaml").read_text(encoding="utf-8")
    assert respond(root, "DKT-2026-NOPE-NOPE") == 2
    assert "no published comment DKT-2026-NOPE-NOPE" in capsys.readouterr().err
    assert respond(root, "--campaign", "CMP-NOPE") == 2
    assert respond(root, "--provision", "Sec. 99") == 2
    assert respond(root, "--provision", "Sec. 4", "--id", "r-opt-out-scope") == 2
    assert respond(root) == 2
