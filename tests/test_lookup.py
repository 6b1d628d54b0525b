"""The tracking-number lookup: each commenter's record opens with their number, and the built
site lists no number and opens no record without one."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.build.run import build
from generator.comments.record import comment_to_json
from generator.comments.sealed import (
    ITERATIONS,
    MasterKeys,
    derive_master,
    normal_number,
    salt_of,
    unseal,
)
from generator.comments.store import as_line, comments_file
from generator.render.lookup import shard_chars, shard_names

from .responses.fixtures import SLUG, comment, project

NOW = datetime(2026, 11, 28, 18, 0, tzinfo=UTC)
RESPONSE = """\
- id: r-one
  answers: {comments: [DKT-2026-AAAA-0001]}
  summary: Exempt owner-occupied homes
  handled_by: {unit: Department of Neighborhood Services, person: Renata Vasquez}
  supervised_by: {unit: Committee on Housing and Neighborhoods, person: Council Member Okafor}
  plan: Consider at the committee's next meeting.
  result: partly-accepted
  reason: Section 5 now exempts a host's own home for 30 nights.
  date: 2026-11-20
"""


def stored_project(tmp_path: Path, provider: str = "") -> Path:
    """The example draft with four stored comments, one answered, built; ``provider``: the
    ``comments:`` settings instead of the built-in intake."""
    root, _ = project(tmp_path)
    if provider:
        site = root / "site.yaml"
        site.write_text(site.read_text(encoding="utf-8").replace("  provider: local\n", provider),
                        encoding="utf-8")
    rejected = comment("DKT-2026-AAAA-0003", status="rejected", day=7)
    rejected.rejection_reason = "Advertising, not a comment"
    other = comment("LATE-0009", status="pending", day=9)  # another provider's own number
    other.id, other.tracking_number = "DKT-2026-BBBB-0009", "formspree-abc-123"
    comments = [comment("DKT-2026-AAAA-0001"), comment("DKT-2026-AAAA-0002", status="pending"),
                rejected, other]
    path = comments_file(root, SLUG)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(as_line(comment_to_json(c)) for c in comments), encoding="utf-8")
    (root / "drafts" / SLUG / "responses.yaml").write_text(RESPONSE, encoding="utf-8")
    build(root, now=NOW)
    return root


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Path:
    """``stored_project`` with the built-in intake, built once for the tests that only read
    it."""
    return stored_project(tmp_path_factory.mktemp("lookup"))


def shard_files(root: Path) -> dict[str, dict]:
    folder = root / "site" / "data" / SLUG / "lookup"
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}


def test_each_commenter_opens_their_own_record_with_their_number(stored):
    root = stored
    files = shard_files(root)
    salt = salt_of("https://drafts.springfield.example/")
    chars = shard_chars(4)
    assert sorted(files) == shard_names(chars) == ["all"]

    answered = unseal("DKT-2026-AAAA-0001", salt, files, chars)
    assert answered["status"] == "published" and answered["id"] == "DKT-2026-AAAA-0001"
    assert answered["provision"] == "Section 3"
    assert answered["response"] == {
        "id": "r-one", "summary": "Exempt owner-occupied homes", "result": "partly-accepted",
        "reason": "Section 5 now exempts a host's own home for 30 nights.",
        "date": "2026-11-20", "url": f"drafts/{SLUG}/responses/#response-r-one"}

    pending = unseal("dkt 2026 aaaa 0002", salt, files, chars)  # typed loosely
    assert pending["status"] == "pending" and pending["response"] is None
    rejected = unseal("DKT-2026-AAAA-0003", salt, files, chars)
    assert (rejected["status"], rejected["reason"]) == ("rejected", "Advertising, not a comment")
    # A comment another provider numbered opens with that number and with Docket's id.
    assert unseal("formspree-abc-123", salt, files, chars)["id"] == "DKT-2026-BBBB-0009"
    assert unseal("DKT-2026-BBBB-0009", salt, files, chars)["status"] == "pending"


def test_the_site_lists_no_number_and_opens_nothing_without_one(stored):
    root = stored
    files = shard_files(root)
    salt = salt_of("https://drafts.springfield.example/")
    for number in ("DKT-2026-AAAA-0004", "DKT-2026-AAAA-000", "", "DKT-2026-AAAA-0001 "[:-2]):
        assert unseal(number, salt, files, 0) is None
    # The published comment's number is public (its page, open data, its response); the
    # numbers of the others, and a moderator's reason, are in no file.
    secret = ["DKT-2026-AAAA-0002", "DKT-2026-AAAA-0003", "DKT-2026-BBBB-0009",
              "FORMSPREE-ABC-123", "ADVERTISING, NOT A COMMENT"]
    for path in (root / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".csv", ".js", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace").upper()
            assert [n for n in secret if n in text] == [], path
    records = files["all"]["records"]
    assert len(records) == 5  # four comments, one of them under two numbers
    assert all(re.fullmatch(r"[0-9a-f]{32}", name) for name in records)


def test_the_lookup_page_is_built_in_every_language_and_works_without_the_records(stored):
    root = stored
    for prefix in ("", "zh-Hans/"):
        html = (root / "site" / prefix / "lookup" / "index.html").read_text(encoding="utf-8")
        assert f'data-salt="{salt_of("https://drafts.springfield.example/")}"' in html
        assert f'data-iterations="{ITERATIONS}"' in html
        assert 'id="lookup-fallback"' in html and 'id="rating-form"' in html
        assert "DKT-2026-AAAA" not in html
    zh = (root / "site" / "zh-Hans" / "lookup" / "index.html").read_text(encoding="utf-8")
    assert "查询" in zh


def test_shards_grow_with_the_draft_and_keys_are_derived_once(tmp_path):
    assert [shard_chars(n) for n in (1, 50, 51, 800, 801, 12_800, 12_801)] == [0, 0, 1, 1, 2, 2, 3]
    assert len(shard_names(2)) == 256 and shard_names(1)[15] == "f"
    keys = MasterKeys(tmp_path / "cache")
    first = keys.masters(["DKT-2026-AAAA-0001"], "s")
    keys.close()
    again = MasterKeys(tmp_path / "cache")
    again.memory.clear()
    assert again.masters(["DKT-2026-AAAA-0001"], "s") == first
    assert first["DKT-2026-AAAA-0001"] == derive_master("DKT-2026-AAAA-0001", "s")
    assert normal_number(" dkt-2026-7k3m-9qxo ") == "DKT-2026-7K3M-9QX0"


def test_with_a_hosted_provider_the_rating_form_posts_to_its_second_form(tmp_path):
    import html as markup

    root = stored_project(tmp_path, "  provider: formspree\n  form_id: xyzabcde\n"
                          "  ratings_action: https://formspree.io/f/ratings1\n")
    page = markup.unescape((root / "site" / "lookup" / "index.html").read_text(encoding="utf-8"))
    assert 'action="https://formspree.io/f/ratings1"' in page and "data-fetch" not in page
    assert "form-action 'self' https://formspree.io;" in page
    assert "data-receipts" not in page  # no intake to ask about a number not yet imported
    for name in ('name="tracking"', 'name="rating"', 'name="remark"'):
        assert name in page
    files = shard_files(root)  # the records are the same whatever took the comments
    salt = salt_of("https://drafts.springfield.example/")
    assert unseal("DKT-2026-AAAA-0001", salt, files, 0)["response"]["id"] == "r-one"


def test_without_a_second_form_a_hosted_provider_has_no_rating_form(tmp_path):
    root, _ = project(tmp_path)
    site = root / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace(
        "  provider: local\n", "  provider: netlify\n"), encoding="utf-8")
    build(root, now=NOW)
    page = (root / "site" / "lookup" / "index.html").read_text(encoding="utf-8")
    assert 'id="rating-form"' not in page and 'id="lookup-form"' in page


def test_check_reports_a_wrong_mail_security_and_a_plain_http_ratings_form(tmp_path, capsys):
    from generator.cli import main

    root, _ = project(tmp_path)
    site = root / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace(
        "  provider: local\n", "  provider: formspree\n  form_id: xyzabcde\n"
        "  ratings_action: http://forms.example/r\n")
        + "smtp: {host: mail.example.org, from: a@example.org, security: ssl}\n",
        encoding="utf-8")
    assert main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert "site.yaml:11: ratings_action must be an https:// URL" in err
    assert "site.yaml:12: smtp.security must be one of starttls, tls, none, not 'ssl'" in err
