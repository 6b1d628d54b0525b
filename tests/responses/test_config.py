"""draft.yaml's rating rounds and site.yaml's satisfaction thresholds, checked with lines."""

from __future__ import annotations

from datetime import date

from generator.content.loader import load_project
from generator.responses.model import Round, Thresholds

from .fixtures import SLUG, project

ROUNDS = """
rating_rounds:
  - {id: supervisor-1, run_by: Committee on Housing, opens: 2026-12-01, closes: 2026-12-31}
  - {id: standing-1, run_by: Standing Committee, opens: 2027-01-01, closes: 2027-01-31}
"""


def problems_with(tmp_path, draft_extra: str = "", site_extra: str = ""
                  ) -> tuple[object, list[str]]:
    root, _ = project(tmp_path)
    with open(root / "drafts" / SLUG / "draft.yaml", "a", encoding="utf-8") as f:
        f.write(draft_extra)
    with open(root / "site.yaml", "a", encoding="utf-8") as f:
        f.write(site_extra)
    loaded = load_project(root, parse=False)
    return loaded, [str(p) for p in loaded.problems]


def draft_lines(tmp_path) -> int:
    return (tmp_path / "project" / "drafts" / SLUG / "draft.yaml").read_text().count("\n")


def test_rounds_are_read_and_thresholds_default(tmp_path):
    loaded, problems = problems_with(tmp_path, ROUNDS)
    assert problems == []
    assert loaded.project.drafts[0].meta.rating_rounds == [
        Round("supervisor-1", "Committee on Housing", date(2026, 12, 1), date(2026, 12, 31)),
        Round("standing-1", "Standing Committee", date(2027, 1, 1), date(2027, 1, 31))]
    assert loaded.project.config.satisfaction == Thresholds(80, 60)


def test_an_unknown_round_key_is_reported_at_its_line(tmp_path):
    bad = ROUNDS.replace("2027-01-01, closes: 2027-01-31", "2026-12-20, closes: 2026-12-10") \
        + "  - {id: supervisor-1, run_by: X, opens: 2027-03-01, closes: 2027-03-02, runby: Y}\n"
    _, problems = problems_with(tmp_path, bad)
    end = draft_lines(tmp_path)
    path = f"drafts/{SLUG}/draft.yaml"
    assert problems == [f"{path}:{end}: unknown key 'rating_rounds[2].runby': did you mean 'run_by'?"]


def test_round_order_overlap_and_duplicates(tmp_path):
    bad = ROUNDS.replace("2027-01-01, closes: 2027-01-31", "2026-12-20, closes: 2026-12-10") \
        + "  - {id: supervisor-1, run_by: X, opens: 2027-03-01, closes: 2027-03-02}\n"
    _, problems = problems_with(tmp_path, bad)
    end = draft_lines(tmp_path)
    path = f"drafts/{SLUG}/draft.yaml"
    assert problems == [
        f"{path}:{end - 1}: rating round 'standing-1' closes before it opens",
        f"{path}:{end - 1}: rating round 'standing-1' overlaps round 'supervisor-1': a rating "
        "received then would count in both",
        f"{path}:{end}: duplicate rating round id 'supervisor-1' (first at line {end - 2})"]


def test_thresholds_are_percentages_in_order(tmp_path):
    _, problems = problems_with(tmp_path, site_extra="satisfaction: {handle_again: 50, "
                                                     "report_publicly: 120}\n")
    lines = (tmp_path / "project" / "site.yaml").read_text().count("\n")
    assert problems == [
        f"site.yaml:{lines}: satisfaction.report_publicly is a percentage: between 0 and 100",
        f"site.yaml:{lines}: satisfaction.report_publicly is above satisfaction.handle_again: "
        "a response reported publicly is one still to be handled again"]
