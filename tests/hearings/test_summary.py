"""``docket summary``: every figure checked against the store, quotes that show only what the
site shows, a hearing's scope, the draft's language, and nothing private in any format."""

from __future__ import annotations

import html
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from generator.cli import main
from generator.comments.listing import load_project_draft
from generator.comments.store import read_comments
from generator.hearings.summary import POSITIONS, Summary, summarise
from generator.hearings.summary_formats import md_text

from .summary_project import (
    DRAFT,
    EMAIL,
    LOCALITY,
    MARKUP,
    PENDING_TEXT,
    PHONE,
    PRIVATE_NAME,
    REJECTED_TEXT,
    STREET,
    WITHDRAWN_TEXT,
    by_source,
    make_summary_project,
)


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """The store of known numbers, made once for this module (the tests only read it)."""
    return make_summary_project(tmp_path_factory.mktemp("summary") / "project")


def summary_of(root: Path, hearing: str | None = None) -> Summary:
    project, draft = load_project_draft(root, DRAFT)
    return summarise(root, draft, hearing, project.config)


def run(root: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), "summary", DRAFT, *args])
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------ the figures


@pytest.mark.parametrize("hearing", [None, "h1", "h2"])
def test_every_total_matches_the_store(root, hearing):
    """Each figure recounted here straight from comments.jsonl, and each breakdown adding up
    to the total it splits."""
    s = summary_of(root, hearing)
    store = [c for c in read_comments(root, DRAFT) if s.until is None or c.received_date < s.until]
    statuses = Counter(c.status for c in store)
    live = [c for c in store if c.status in ("pending", "published")]
    letters = Counter(c.campaign_id for c in store if c.campaign_id)
    campaigns = {cid: n for cid, n in letters.items() if n >= 2}
    t = s.totals
    assert t.received == len(store)
    assert (t.published, t.pending, t.rejected, t.withdrawn) == (
        statuses["published"], statuses["pending"], statuses["rejected"], statuses["withdrawn"])
    assert t.published + t.pending + t.rejected + t.withdrawn == t.received
    assert t.late == sum("late" in c.flags for c in store)
    assert t.counted == len(live) == t.published + t.pending
    assert t.campaigns == len(campaigns) == len(s.campaigns) == len(t.campaign_sizes)
    assert t.in_campaigns == sum(campaigns.values()) == sum(t.campaign_sizes)
    assert t.unique == t.received - t.in_campaigns + t.campaigns
    assert {c.id: c.count for c in s.campaigns} == campaigns
    for c in s.campaigns:
        members = [x for x in store if x.campaign_id == c.id]
        assert c.published == sum(x.status == "published" for x in members)
        assert sum(n for _, n in c.positions) == sum(x.status in ("pending", "published")
                                                    for x in members)
    assert dict(s.by_position) == {p: sum((c.position or "") == p for c in live)
                                   for p in POSITIONS}
    assert sum(n for _, n in s.by_position) == t.counted
    assert dict(s.by_respondent) == {**{r: 0 for r, _ in s.by_respondent},
                                     **Counter(c.respondent_type for c in live)}
    assert sum(n for _, n in s.by_respondent) == t.counted
    assert sum(row.comments for row in s.by_provision) == t.counted
    for row in s.by_provision:
        assert row.support + row.oppose + row.neutral + row.mixed + row.not_stated == row.comments
        assert row.in_campaigns <= row.comments
    assert sum(row.in_campaigns for row in s.by_provision) == sum(
        1 for c in live if c.campaign_id in campaigns)
    published = [c for c in store if c.status == "published" and c.organization]
    assert sum(o.comments for o in s.organisations) == len(published)


def test_the_known_numbers(root):
    s = summary_of(root)
    t = s.totals
    assert (t.received, t.unique, t.published, t.pending, t.rejected, t.withdrawn, t.late,
            t.counted) == (16, 11, 12, 2, 1, 1, 1, 14)
    assert (t.campaigns, t.in_campaigns, t.campaign_sizes) == (2, 7, [4, 3])
    assert s.by_position == [("support", 6), ("oppose", 5), ("neutral", 1), ("mixed", 1),
                             ("", 1)]
    assert s.by_respondent == [("individual", 10), ("organisation", 2), ("business", 1),
                               ("government", 1), ("representative", 0), ("", 0)]
    # Placed in the current text: the first reading inserted a Section 2, so the comments
    # made on Section 2(a) and 2(b) of the introduced text are under Section 3 now.
    assert [(r.citation, r.comments, r.support, r.oppose, r.neutral, r.mixed, r.not_stated,
             r.campaigns) for r in s.by_provision] == [
        ("", 1, 0, 0, 0, 1, 0, 0),
        ("Section 1", 5, 3, 1, 1, 0, 0, 1),
        ("Section 2", 1, 1, 0, 0, 0, 0, 0),
        ("Section 3(a)", 5, 0, 4, 0, 0, 1, 1),
        ("Section 3(b)", 2, 2, 0, 0, 0, 0, 1),
    ]
    assert [(c.count, c.published, c.provisions) for c in s.campaigns] == [
        (4, 3, ["Section 3(a)"]), (3, 3, ["Section 1", "Section 3(b)"])]
    assert [(o.name, o.comments) for o in s.organisations] == [
        ("Tenants Union", 2), ("Acme Ltd", 1), ("County Health", 1),
        ("Street Safety League", 1)]


def test_a_hearing_counts_what_was_received_before_it_in_the_text_it_considers(root):
    h1 = summary_of(root, "h1")  # 2026-11-25 18:00 in Chicago: all but the late comment
    assert (h1.totals.received, h1.totals.late, h1.version) == (15, 0, "First reading")
    # h2 is given as a date, 2026-11-07: comments received before that day began there,
    # placed in the version then in force (the introduced text).
    h2 = summary_of(root, "h2")
    sources = by_source(root)
    assert h2.until is not None
    assert sorted(k for k, c in sources.items() if c.received_date < h2.until) == [
        "a1", "a2", "b1", "b2", "u1", "u2"]
    assert (h2.totals.received, h2.totals.campaigns, h2.totals.campaign_sizes) == (6, 2, [2, 2])
    assert h2.version == "Introduced"
    assert [r.citation for r in h2.by_provision] == ["", "Section 1", "Section 2(a)",
                                                     "Section 2(b)"]


# ------------------------------------------------------------------ quotes and privacy


def test_quotes_are_published_text_from_distinct_commenters_a_campaign_once(root):
    s = summary_of(root)
    comments = {c.id: c for c in read_comments(root, DRAFT)}
    campaigns_quoted = [q.campaign_id for r in s.by_provision for q in r.quotes if q.campaign_id]
    assert sorted(campaigns_quoted) == sorted(c.id for c in s.campaigns)  # each once
    for row in s.by_provision:
        assert 1 <= len(row.quotes) <= 3
        assert all(comments[q.comment_id].status == "published" for q in row.quotes)
        who = [q.campaign_id or q.name or q.organization or q.comment_id for q in row.quotes]
        assert len(set(who)) == len(who)
    section_1 = next(r for r in s.by_provision if r.citation == "Section 1")
    assert [q.position for q in section_1.quotes] == ["support", "oppose", "neutral"]
    texts = [q.text for r in s.by_provision for q in r.quotes]
    assert any("[phone removed]" in t for t in texts)  # as published: redacted
    letter = next(q for r in s.by_provision for q in r.quotes if q.campaign_id)
    assert (letter.name, letter.campaign_count) == ("", 4)  # a letter many sent, signed by none
    # The campaign's commonest text (that of two letters, one still pending) stands for it.
    assert letter.comment_id == by_source(root)["a2"].id


@pytest.mark.parametrize("form", ["md", "html", "json"])
def test_nothing_private_appears_in_any_format(root, capsys, form):
    code, out, _ = run(root, capsys, "--format", form)
    assert code == 0
    for secret in (EMAIL, PHONE, STREET, LOCALITY, PRIVATE_NAME, "Cal Cruz", "cal@example.org",
                   "ann@example.org", "w@example.org", PENDING_TEXT, "Pat Pending",
                   REJECTED_TEXT, "Spam Bot", WITHDRAWN_TEXT, "Dee Dunn"):
        assert secret not in out, secret
    assert "Ana Public" in out  # a name given with consent
    if form == "html":
        assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    elif form == "md":
        assert not re.search(r"(?<!\\)<img", out)
        assert r"\<img src=x onerror=alert(1)\>" in out
    else:
        assert any(MARKUP in q["text"] for r in json.loads(out)["by_provision"]
                   for q in r["quotes"])


def test_markdown_keeps_a_commenters_text_as_text():
    hostile = ["[click](http://evil.example)", "![x](http://evil.example/i.png)",
               "<script>alert(1)</script>", "# Heading", "1. list", "- item", "> quote",
               "http://evil.example", "www.evil.example", "a | b", "*bold* _em_ `code`",
               "&lt;b&gt;", "mail@evil.example", "~~gone~~"]
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    for text in hostile:
        quoted = md.render(f"> {md_text(text)}")
        inner = quoted.removeprefix("<blockquote>\n<p>").removesuffix("</p>\n</blockquote>\n")
        assert "<" not in inner, (text, quoted)
        assert md.render(md_text(text)).count("<p>") == 1, text  # a paragraph, no other block
        assert html.unescape(inner) == text, (text, inner)


# ------------------------------------------------------------------ the command


def test_labels_follow_the_drafts_language(root, tmp_path, capsys):
    copy = tmp_path / "project"
    shutil.copytree(root, copy)
    meta = copy / "drafts" / DRAFT / "draft.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "language: zh-Hans\n", encoding="utf-8")
    code, out, _ = run(copy, capsys)
    assert code == 0
    for label in ("# 意见汇总：Noise Ordinance (open)", "## 总数", "| 收到的意见总数 | 16 |",
                  "## 按立场", "| 支持 | 6 |", "## 按意见人类型", "## 按条文", "草案整体",
                  "## 意见摘录", "## 提出意见的组织"):
        assert label in out, label
    code, out, _ = run(copy, capsys, "--format", "html")
    assert '<html lang="zh-Hans">' in out and "<h1 id=\"summary-title\">意见汇总" in out
    code, out, _ = run(root, capsys)
    assert "# Summary of comments: Noise Ordinance (open)" in out and "意见" not in out


def test_unknown_draft_or_hearing_is_wrong_usage(root, capsys):
    code, _, err = run(root, capsys, "--hearing", "h9")
    assert code == 2
    assert "docket summary: error: draft 'noise-open' has no hearing 'h9' (it has: h1, h2)" in err
    assert main(["--root", str(root), "summary", "nope"]) == 2
    assert "no draft 'nope'" in capsys.readouterr().err


def test_out_writes_the_summary_to_a_file(root, tmp_path, capsys):
    target = tmp_path / "summary.json"
    code, out, _ = run(root, capsys, "--hearing", "h1", "--format", "json", "--out", str(target))
    assert (code, out) == (0, "")
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == "docket-summary/1"
    assert data["hearing"] == {"id": "h1", "date": "2026-11-25T18:00:00"}
    assert data["received_before"] == "2026-11-26T00:00:00Z"
    assert data["totals"]["received"] == 15
    assert data["by_position"] == {"support": 5, "oppose": 5, "neutral": 1, "mixed": 1,
                                   "not_stated": 1}


# ------------------------------------------------------------------ what was done about them


def test_responses_results_and_satisfaction_add_up(root):
    s = summary_of(root)
    assert [h.response.id for h in s.responses] == ["r-purpose", "r-quiet-hours", "r-section-1"]
    assert s.response_results == [("accepted", 1), ("partly-accepted", 0), ("not-accepted", 1),
                                  ("noted", 0), ("in-progress", 1)]
    assert sum(n for _, n in s.response_results) == len(s.responses)
    # r-purpose answers u1; r-quiet-hours the published letters of campaign A; r-section-1
    # the other published comments on Section 1 (u3, u9, and b3, a letter of campaign B).
    sources = {c.id: k for k, c in by_source(root).items()}
    answered = {h.response.id: sorted(sources[a.comment_id] for a in h.authors)
                for h in s.responses}
    assert answered == {"r-purpose": ["u1"], "r-quiet-hours": [], "r-section-1": ["u3", "u9"]}
    assert [[(c.id, c.size) for c in h.campaigns] for h in s.responses] == [
        [], [(s.campaigns[0].id, 3)], [(s.campaigns[1].id, 1)]]
    assert [h.comments for h in s.responses] == [1, 3, 3]
    assert s.answered == sum(h.comments for h in s.responses) == 7
    # Ratings: each comment's latest counts overall; each round counts its own days.
    overall = s.satisfaction
    assert overall is not None
    assert (overall.satisfaction.ratings, overall.satisfaction.good, overall.marks) == (5, 4, ())
    assert [(c.round.id, c.satisfaction.ratings, c.satisfaction.good, c.marks)
            for c in overall.rounds] == [
        ("committee", 4, 3, ("handle-again",)),
        ("standing", 2, 1, ("handle-again", "report-publicly"))]
    quiet = s.responses[1]
    assert (quiet.evaluation.satisfaction.ratings, quiet.evaluation.satisfaction.percent,
            quiet.marks, quiet.closer) == (3, "66.7", ("handle-again",), True)
    assert sum(h.evaluation.satisfaction.ratings for h in s.responses) == (
        overall.satisfaction.ratings)


def test_a_hearing_sees_the_responses_given_and_the_ratings_received_before_it(root):
    s = summary_of(root, "h1")  # 2026-11-25 18:00 in Chicago
    assert [h.response.id for h in s.responses] == ["r-purpose", "r-quiet-hours"]
    assert s.satisfaction is not None
    assert (s.satisfaction.satisfaction.ratings, s.satisfaction.satisfaction.good) == (3, 2)
    assert summary_of(root, "h2").responses == []  # none given by 2026-11-07


def test_responses_in_every_format(root, capsys):
    _, out, _ = run(root, capsys, "--format", "json")
    data = json.loads(out)
    assert data["responses"]["count"] == 3 and data["responses"]["answered"] == 7
    assert data["responses"]["by_result"]["not-accepted"] == 1
    quiet = data["responses"]["items"][1]
    assert quiet["handled_by"] == {"unit": "Police Department", "person": "Lt. Noor"}
    assert quiet["satisfaction"]["marks"] == ["handle-again"]
    assert [r["round"] for r in data["satisfaction"]["rounds"]] == ["committee", "standing"]
    _, out, _ = run(root, capsys)
    assert "## Responses" in out and "| Not accepted | 1 |" in out
    assert r"### Start quiet hours at ten: \<b\>not\</b\> markup" in out
    assert "- Handled by: Police Department, Lt. Noor" in out
    assert "| Overall (each author's latest rating) | 5 | 3 | 1 | 1 | 80 % |" in out
    _, out, _ = run(root, capsys, "--format", "html")
    assert "Start quiet hours at ten: &lt;b&gt;not&lt;/b&gt; markup" in out
    assert '<strong class="tag tag--again">' in out


def test_a_broken_store_or_responses_file_is_reported_at_its_line(root, tmp_path, capsys):
    copy = tmp_path / "project"
    shutil.copytree(root, copy)
    store = copy / "drafts" / DRAFT / "comments" / "comments.jsonl"
    lines = store.read_text(encoding="utf-8").splitlines(keepends=True)
    store.write_text("".join(lines[:2]) + "{not json\n" + "".join(lines[2:]), encoding="utf-8")
    code, out, err = run(copy, capsys)
    assert (code, out) == (1, "")
    assert f"drafts/{DRAFT}/comments/comments.jsonl:3: not a JSON object" in err
    store.write_text("".join(lines), encoding="utf-8")
    responses = copy / "drafts" / DRAFT / "responses.yaml"
    responses.write_text(responses.read_text(encoding="utf-8").replace(
        "result: accepted", "result: maybe"), encoding="utf-8")
    code, out, err = run(copy, capsys)
    assert (code, out) == (1, "")
    assert f"drafts/{DRAFT}/responses.yaml:" in err and "maybe" in err
