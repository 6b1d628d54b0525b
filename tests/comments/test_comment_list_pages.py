"""The public comment pages: placed in the current text, counted, paged, in both languages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from generator.build.run import build
from generator.comments.moderation import Decision, decide
from generator.comments.record import Comment, comment_to_json
from generator.comments.store import as_line, comments_file, read_comments
from generator.render.comments_pages import PER_PAGE

from ..commenting_project import NOW, make_project
from ..conftest import write
from .moderation_project import DRAFT, make_store, run


def test_a_comment_on_a_renumbered_provision_is_listed_under_the_provision_it_is_now(tmp_path):
    root = make_store(tmp_path / "project")  # Ana commented on Section 2(a), now Section 3(a)
    assert run(root, "publish", DRAFT, "--all-pending") == 0
    build(root, now=NOW)
    folder = root / "site" / "drafts" / DRAFT
    now = (folder / "comments" / "sec_3__subsec_a" / "index.html").read_text(encoding="utf-8")
    assert "Comments on Section 3(a)" in now and "Quiet hours should start at 11." in now
    assert "(made on “Introduced”)" in now
    draft = (folder / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="comment-count" href="comments/sec_3__subsec_a/" '
                     r'aria-label="Published comments on Section 3\(a\): 1">1 comment</a>', draft)
    assert "Read the 4 published comments" in draft
    listing = (folder / "comments" / "index.html").read_text(encoding="utf-8")
    assert "4 published comments" in listing
    assert re.search(r"<th scope=\"row\">Support</th><td>2</td>", listing)
    assert re.search(r"<th scope=\"row\">Business</th><td>1</td>", listing)


def comment(n: int, provision: str, campaign: str = "") -> Comment:
    return Comment(
        id=f"DKT-2026-{n:04d}-TEST", tracking_number="", draft="noise-open",
        version="01-introduced", provision_id=provision,
        received_date=datetime(2026, 11, 2, tzinfo=UTC) + timedelta(minutes=n),
        name=f"Person {n}", name_consent=n % 2 == 0, organization="",
        respondent_type="individual", position="support", comment=f"Comment number {n}.",
        source="test", source_id=str(n), status="published", campaign_id=campaign)


def store(root: Path, comments: list[Comment]) -> None:
    write(comments_file(root, "noise-open"),
          "".join(as_line(comment_to_json(c)) for c in comments))


def test_many_comments_are_paged_and_campaigns_counted(tmp_path):
    root = make_project(tmp_path / "project")
    total = PER_PAGE * 2 + 3
    store(root, [comment(n, "sec_2" if n % 3 else "", "form-letter-a" if n % 5 == 0 else "")
                 for n in range(total)])
    build(root, now=NOW)
    folder = root / "site" / "drafts" / "noise-open" / "comments"
    first = (folder / "index.html").read_text(encoding="utf-8")
    assert first.count('class="published-comment"') == PER_PAGE
    assert "Page 1 of 3" in first and 'href="../../../drafts/noise-open/comments/page/2/"' in first
    last = (folder / "page" / "3" / "index.html").read_text(encoding="utf-8")
    assert last.count('class="published-comment"') == 3
    assert f"Comments {PER_PAGE * 2 + 1} to {total}" in last and "Person 102" in last
    assert "Person 101" not in last  # no consent: no name
    assert re.search(r'<th scope="row">form-letter-a</th><td>21</td>', first)
    on_section = sum(1 for n in range(total) if n % 3)
    provision = (folder / "sec_2" / "index.html").read_text(encoding="utf-8")
    assert f"{on_section} published comments" in provision
    assert (folder / "sec_2" / "page" / "2" / "index.html").exists()
    assert not (folder / "sec_2" / "page" / "3" / "index.html").exists()


def test_comment_pages_are_in_both_interface_languages(tmp_path):
    root = make_project(tmp_path / "project")
    yaml = (root / "site.yaml").read_text(encoding="utf-8")
    write(root / "site.yaml", yaml + "languages: [en, zh-Hans]\n")
    store(root, [comment(1, "sec_2"), comment(2, "")])
    build(root, now=NOW)
    zh = root / "site" / "zh-Hans" / "drafts" / "noise-open"
    listing = (zh / "comments" / "index.html").read_text(encoding="utf-8")
    assert "已公布的意见" in listing and "按立场" in listing and "针对草案整体" in listing
    draft = (zh / "index.html").read_text(encoding="utf-8")
    assert 'href="comments/sec_2/"' in draft and "1条意见" in draft


def test_asides_take_the_interface_languages_brackets(tmp_path):
    """A name's organisation and a draft's number stand in brackets of the interface
    language: （…） in Chinese, as every other aside on its pages."""
    from dataclasses import replace

    root = make_project(tmp_path / "project")
    yaml = (root / "site.yaml").read_text(encoding="utf-8")
    write(root / "site.yaml", yaml + "languages: [en, zh-Hans]\n")
    draft_yaml = root / "drafts" / "noise-open" / "draft.yaml"
    write(draft_yaml, draft_yaml.read_text(encoding="utf-8") + "number: Ordinance 2026-7\n")
    store(root, [replace(comment(2, "sec_2"), organization="Acme Ltd")])
    build(root, now=NOW)
    for prefix, name, number in (("", "Person 2</strong> (Acme Ltd)", "(open) (Ordinance 2026-7)"),
                                 ("zh-Hans/", "Person 2</strong>（Acme Ltd）",
                                  "(open)（Ordinance 2026-7）")):
        folder = root / "site" / prefix / "drafts" / "noise-open"
        assert name in (folder / "comments" / "index.html").read_text(encoding="utf-8")
        assert number in (folder / "comment" / "index.html").read_text(encoding="utf-8")


def test_the_drafts_feed_says_how_many_comments_were_published_each_day(tmp_path):
    root = make_project(tmp_path / "project")
    store(root, [comment(1, "sec_2"), comment(2, "")])
    build(root, now=NOW)
    feed_file = root / "site" / "drafts" / "noise-open" / "feed.xml"
    feed = feed_file.read_text(encoding="utf-8")
    tag = "tag:drafts.example.org,2026-11-01:noise-open/comments-2026-11-01"  # Chicago's day
    assert f"<id>{tag}</id>" in feed
    assert "<title>2 new comments published: Noise Ordinance (open)</title>" in feed
    assert "comments/" in feed.split(tag)[1].split("</entry>")[0]
    clean = build(root, out=tmp_path / "again", now=NOW, clean=True)
    assert (clean.out / "drafts" / "noise-open" / "feed.xml").read_bytes() == \
        feed_file.read_bytes()  # nothing newly published: the same bytes
    store(root, [comment(1, "sec_2"), comment(2, ""), comment(3, "sec_2")])
    build(root, now=NOW)
    feed = feed_file.read_text(encoding="utf-8")
    assert feed.count(f"<id>{tag}</id>") == 1
    assert "<title>3 new comments published: Noise Ordinance (open)</title>" in feed


def test_the_feed_counts_comments_by_the_day_they_were_published(tmp_path):
    root = make_store(tmp_path / "project")  # received 5, 6, 7 and 21 November
    comments = {c.name: c for c in read_comments(root, DRAFT)}
    decide(root, DRAFT, [Decision(comments[n].id, "published",
                                  redactions=comments[n].redactions) for n in ("Ana", "Bo")],
           now=datetime(2026, 11, 25, 15, 0, tzinfo=UTC))
    decide(root, DRAFT, [Decision(comments["Cy"].id, "published",
                                  redactions=comments["Cy"].redactions)],
           now=datetime(2026, 11, 27, 3, 0, tzinfo=UTC))  # 26 November in Chicago
    stored = comments_file(root, DRAFT).read_text(encoding="utf-8")
    assert stored.count('"published_date": "2026-11-25T15:00:00Z"') == 2
    build(root, now=NOW)
    feed = (root / "site" / "drafts" / DRAFT / "feed.xml").read_text(encoding="utf-8")
    for day, count in (("2026-11-25", 2), ("2026-11-26", 1)):
        tag = f"tag:drafts.example.org,{day}:{DRAFT}/comments-{day}"
        entry = feed.split(f"<id>{tag}</id>")[1].split("</entry>")[0]
        noun = "comment" if count == 1 else "comments"
        assert f"<title>{count} new {noun} published: Noise Ordinance (open)</title>" in entry
    assert "comments-2026-11-05" not in feed and "comments-2026-11-07" not in feed


def test_a_store_without_publication_times_still_reads_and_counts_by_day_received(tmp_path):
    root = make_project(tmp_path / "project")
    lines = [as_line(comment_to_json(c)) for c in (comment(1, "sec_2"), comment(2, ""))]
    old = [line.replace(', "published_date": ""', "") for line in lines]
    assert old != lines and "published_date" not in "".join(old)
    write(comments_file(root, "noise-open"), "".join(old))
    assert all(c.published_date is None for c in read_comments(root, "noise-open"))
    build(root, now=NOW)
    feed = (root / "site" / "drafts" / "noise-open" / "feed.xml").read_text(encoding="utf-8")
    assert "<id>tag:drafts.example.org,2026-11-01:noise-open/comments-2026-11-01</id>" in feed
