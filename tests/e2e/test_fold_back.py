"""The loop closed in a browser: comments sent through the form under ``docket serve`` are
imported from the intake database, published, and shown on their provision's comment page
with their campaign and its count; no email address, in a field or typed into the text, reaches site/ or
the files git tracks."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from generator.build.run import build
from generator.cli import main
from generator.serve.published import with_intake

from ..conftest import REPO
from .conftest import serving

pytestmark = pytest.mark.e2e

NOW = datetime(2026, 11, 28, 18, 0, tzinfo=UTC)
LETTER = ("Listings should show the registration number in the title. "
          "Write to me at {email} about it.")
SENDERS = [("Priya Natarajan", "priya@example.org", "priya.home@example.org"),
           ("Tomas Lindqvist", "tomas@example.org", "tomas.home@example.org")]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("fold-back")
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "drafts", root / "drafts")
    build(root, now=NOW)
    app = with_intake(root, root / "comments.db", root / "site", clock=lambda: NOW)
    with serving(app) as url:
        yield root, url


def send(page: Page, url: str, name: str, email: str, typed: str) -> str:
    page.clock.set_fixed_time(NOW)
    page.goto(url + "drafts/short-term-rentals/comment/?provision=sec_3__subsec_b")
    page.get_by_label("Your comment").fill(LETTER.format(email=typed))
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("An individual").check()
    page.get_by_label("Oppose").check()
    page.get_by_label("You may publish my name with my comment").check()
    page.get_by_role("button", name="Send comment").click()
    expect(page.locator("#comment-receipt")).to_be_visible()
    return page.locator("#comment-tracking").inner_text()


def test_a_comment_sent_is_imported_published_and_shown_with_its_campaign(page: Page, project,
                                                                          shot):
    root, url = project
    tracking = [send(page, url, *sender) for sender in SENDERS]
    assert main(["--root", str(root), "comments", "import", "--from", "local",
                 str(root / "comments.db")]) == 0
    assert main(["--root", str(root), "comments", "publish", "short-term-rentals",
                 *tracking]) == 0
    build(root, now=NOW)

    page.goto(url + "drafts/short-term-rentals/")
    page.locator("#sec_3__subsec_b > .comment-count").click()
    expect(page).to_have_url(url + "drafts/short-term-rentals/comments/sec_3__subsec_b/")
    for number, (name, _, _) in zip(tracking, SENDERS, strict=True):
        item = page.locator(f"#{number}")
        expect(item.locator(".published-comment__meta")).to_contain_text(name)
        expect(item.locator(".published-comment__text")).to_have_text(
            LETTER.format(email="[email removed]"))
        expect(item.locator(".published-comment__about")).to_contain_text(
            re.compile(r"Campaign CMP-[0-9A-Z]{4}-[0-9A-Z]{4} \(2 published comments\)"))
    campaign = re.search(r"CMP-[0-9A-Z]{4}-[0-9A-Z]{4}",
                         page.locator(f"#{tracking[0]}").inner_text()).group(0)
    shot("fold-back-provision-comments")
    page.goto(url + "drafts/short-term-rentals/comments/")
    row = page.locator("table", has_text="Campaigns").locator("tr", has_text=campaign)
    expect(row.locator("td")).to_have_text("2")

    for folder in (root / "site", root / "drafts"):
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                for _, email, typed in SENDERS:
                    assert email.encode() not in data, f"{email} in {path}"
                    assert typed.encode() not in data, f"{typed} in {path}"
