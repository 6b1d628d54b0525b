"""``docket report``: the handling report across drafts, its period, its totals adding up, the
responses below the thresholds first, and its formats."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.cli import main
from generator.hearings.report import Report, report

from .summary_project import DRAFT, EMAIL, PHONE, PRIVATE_NAME, by_source, make_summary_project


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return make_summary_project(tmp_path_factory.mktemp("report") / "project")


def run(root: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), "report", *args])
    out, err = capsys.readouterr()
    return code, out, err


def rated(root: Path, tmp_path: Path, ratings: list[tuple[str, str, str]]) -> Path:
    """A copy of the project whose ratings are ``ratings`` (source, time received, rating)."""
    copy = tmp_path / "project"
    shutil.copytree(root, copy)
    ids = by_source(copy)
    lines = sorted((ids[s].id, when, rating, n) for n, (s, when, rating) in enumerate(ratings))
    (copy / "drafts" / DRAFT / "comments" / "ratings.jsonl").write_text("".join(
        json.dumps({"comment_id": cid, "received_date": when, "rating": rating,
                    "source": "local", "source_id": f"r{n}"}) + "\n"
        for cid, when, rating, n in lines), encoding="utf-8")
    return copy


def check_sums(r: Report) -> None:
    """Every total is the sum of what the drafts' sections hold."""
    handled = [h for d in r.drafts for h in d.handled]
    t = r.totals
    assert t.drafts == len(r.drafts)
    assert t.responses == len(handled) == sum(n for _, n in t.by_result)
    for d in r.drafts:
        assert sum(n for _, n in d.results) == len(d.handled)
    assert t.suggestions == sum(len(h.authors) + len(h.campaigns) for h in handled)
    assert t.comments == sum(h.comments for h in handled)
    assert t.key == sum(h.response.key for h in handled)
    assert t.follow_ups == sum(n for _, n in t.by_stage)
    overall = [d.overall.satisfaction for d in r.drafts if d.overall]
    assert t.satisfaction.ratings == sum(s.ratings for s in overall) == sum(
        h.evaluation.satisfaction.ratings for h in handled)
    assert t.satisfaction.good == sum(s.good for s in overall)
    assert t.report_publicly + t.handle_again == len(r.flagged)


def test_every_response_with_totals_that_add_up(root):
    r = report(root)
    check_sums(r)
    assert [d.slug for d in r.drafts] == [DRAFT]  # the only draft with responses
    assert [h.response.id for h in r.drafts[0].handled] == [
        "r-purpose", "r-quiet-hours", "r-section-1"]
    t = r.totals
    assert (t.responses, t.suggestions, t.comments, t.key, t.follow_ups) == (3, 5, 7, 1, 1)
    assert t.by_result == [("accepted", 1), ("partly-accepted", 0), ("not-accepted", 1),
                           ("noted", 0), ("in-progress", 1)]
    assert (t.satisfaction.ratings, t.satisfaction.good, t.marks) == (5, 4, ())
    # Below a threshold in a round (50 % in both): to be reported publicly.
    assert [(f.handled.response.id, f.report_publicly) for f in r.flagged] == [
        ("r-quiet-hours", True)]
    assert (t.report_publicly, t.handle_again) == (1, 0)


def test_a_period_takes_the_responses_given_or_followed_up_in_it(root):
    r = report(root, date(2026, 11, 19), date(2026, 11, 24))
    check_sums(r)
    assert [h.response.id for h in r.drafts[0].handled] == ["r-purpose", "r-quiet-hours"]
    # The ratings received in the period: u1 satisfied, a1 dissatisfied, a2 basically
    # (u3's rates a response given after the period).
    assert (r.totals.satisfaction.ratings, r.totals.satisfaction.good) == (3, 2)
    assert r.totals.follow_ups == 1  # r-purpose's, on 2026-11-19
    later = report(root, date(2026, 11, 25), None)
    assert [h.response.id for h in later.drafts[0].handled] == ["r-section-1"]
    assert report(root, None, date(2026, 11, 18)).drafts == []
    assert report(root, date(2027, 1, 1), None).totals.responses == 0


def test_those_to_be_reported_publicly_come_first(root, tmp_path):
    copy = rated(root, tmp_path, [
        ("a1", "2026-11-22T15:00:00Z", "satisfied"), ("a2", "2026-11-22T15:00:00Z", "satisfied"),
        ("a3", "2026-11-23T15:00:00Z", "dissatisfied"),  # r-quiet-hours: 66.7 %
        ("u3", "2026-11-23T15:00:00Z", "dissatisfied"), ("u9", "2026-11-23T16:00:00Z",
                                                         "dissatisfied"),
        ("b3", "2026-11-23T17:00:00Z", "satisfied"),  # r-section-1: 33.3 %
    ])
    r = report(copy)
    check_sums(r)
    assert [(f.handled.response.id, f.report_publicly) for f in r.flagged] == [
        ("r-section-1", True), ("r-quiet-hours", False)]
    assert (r.totals.report_publicly, r.totals.handle_again) == (1, 1)
    md = main(["--root", str(copy), "report"])
    assert md == 0


def test_the_report_in_every_format(root, capsys):
    code, out, _ = run(root, capsys, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["format"] == "docket-handling-report/1"
    assert data["totals"]["responses"] == 3
    assert data["below_thresholds"] == [{"draft": DRAFT, "response": "r-quiet-hours",
                                         "mark": "report-publicly"}]
    items = data["drafts"][0]["responses"]
    assert [i["id"] for i in items] == ["r-purpose", "r-quiet-hours", "r-section-1"]
    assert items[0]["follow_ups"] == [{"date": "2026-11-19", "stage": "before",
                                       "by": "Ida Clerk", "note": "Called the commenter"}]
    assert [c["round"] for c in items[1]["satisfaction"]["rounds"]] == ["committee", "standing"]
    code, out, _ = run(root, capsys)
    assert out.index("## Below the thresholds") < out.index("#### Start quiet hours at ten")
    assert out.index("#### Start quiet hours") < out.index("\n## Noise Ordinance (open) (Ordinance")
    assert "Listed above, below the thresholds." in out
    assert "| Responses | 3 |" in out and "| Ratings in the period | 5 |" in out
    code, out, _ = run(root, capsys, "--format", "html")
    assert "Start quiet hours at ten: &lt;b&gt;not&lt;/b&gt; markup" in out and "<b>" not in out
    for form in ("md", "html", "json"):
        code, out, _ = run(root, capsys, "--format", form)
        for secret in (EMAIL, PHONE, PRIVATE_NAME, "Cal Cruz", "cal@example.org"):
            assert secret not in out, (form, secret)


def test_labels_follow_the_sites_language(root, tmp_path, capsys):
    copy = tmp_path / "project"
    shutil.copytree(root, copy)
    site = copy / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("language: en", "language: zh-Hans"),
                    encoding="utf-8")
    code, out, _ = run(copy, capsys, "--since", "2026-11-01", "--until", "2026-11-30")
    assert code == 0
    assert out.startswith("# 意见建议办理情况：2026年11月1日至2026年11月30日")
    assert "## 低于满意度标准的答复" in out


def test_wrong_dates_are_wrong_usage(root, capsys):
    code, _, err = run(root, capsys, "--since", "2026-12-01", "--until", "2026-11-01")
    assert code == 2 and "--since 2026-12-01 is after --until 2026-11-01" in err
    with pytest.raises(SystemExit) as exc:
        main(["--root", str(root), "report", "--since", "yesterday"])
    assert exc.value.code == 2
    assert "'yesterday' is not a date like 2026-11-30" in capsys.readouterr().err


def test_out_writes_the_report_to_a_file(root, tmp_path, capsys):
    target = tmp_path / "report.html"
    code, out, err = run(root, capsys, "--format", "html", "--out", str(target))
    assert (code, out) == (0, "") and f"wrote {target}" in err
    assert target.read_text(encoding="utf-8").startswith("<!doctype html>")
