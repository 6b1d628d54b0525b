"""``docket serve`` in Chromium: an edit shows up in the open page, a broken file in an overlay."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ..conftest import REPO, SITE_YAML, write

pytestmark = pytest.mark.e2e

VERSION = """
---
label: Introduced
date: 2026-11-02
---

## Section 1. Quiet hours

Quiet hours are from 10 p.m. to 7 a.m.

## Section 2. Penalty

A violation of section 1 is punishable by a fine of $100.
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path: Path):
    """``docket serve`` on a one-draft project, in its own process; yields (root, url)."""
    root = tmp_path / "project"
    write(root / "site.yaml", SITE_YAML)
    write(root / "drafts" / "noise" / "draft.yaml", "title: Noise Ordinance\n")
    write(root / "drafts" / "noise" / "versions" / "01-introduced.md", VERSION)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(root), "serve", "--port", str(port),
         "--db", str(tmp_path / "comments.db"), "-q"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "api/health", timeout=1).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"docket serve did not start: {server.stderr.read().decode()}")
            time.sleep(0.05)
    yield root, url
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def test_an_edit_reloads_the_page_and_a_broken_file_shows_an_overlay(page: Page, served, shot):
    root, url = served
    version = root / "drafts" / "noise" / "versions" / "01-introduced.md"
    page.goto(url + "drafts/noise/")
    provision = page.locator("#sec_1")
    expect(provision).to_contain_text("from 10 p.m. to 7 a.m.")
    overlay = page.locator("#docket-problems")
    expect(overlay).to_have_count(0)
    # Wait until the page listens, so the edit cannot land before the event stream opens.
    expect(page.locator("html")).to_have_attribute("data-docket-live", re.compile(r"\d"))

    version.write_text(VERSION.lstrip().replace("10 p.m.", "9 p.m."), encoding="utf-8")
    expect(provision).to_contain_text("from 9 p.m. to 7 a.m.")

    broken = VERSION.lstrip().replace("label: Introduced", "label: [Introduced")
    version.write_text(broken, encoding="utf-8")
    expect(overlay).to_be_visible()
    expect(overlay).to_contain_text(re.compile(r"drafts/noise/versions/01-introduced\.md:\d+: "))
    expect(provision).to_contain_text("from 9 p.m. to 7 a.m.")  # the last good page stays
    shot("live-reload-overlay")

    # Saved back as the page shows it: nothing new to render, but the problems are gone.
    version.write_text(VERSION.lstrip().replace("10 p.m.", "9 p.m."), encoding="utf-8")
    expect(overlay).to_have_count(0)
    expect(provision).to_contain_text("from 9 p.m. to 7 a.m.")

    version.write_text(VERSION.lstrip().replace("10 p.m.", "8 p.m."), encoding="utf-8")
    expect(overlay).to_have_count(0)
    expect(provision).to_contain_text("from 8 p.m. to 7 a.m.")
