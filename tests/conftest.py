"""Shared fixtures: Debian's Chromium for pytest-playwright, and small projects on disk."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from generator.memory import tune_collector

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def pytest_configure(config) -> None:
    """The test session owns its process: the collector is set as ``docket`` sets it."""
    tune_collector()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright cannot download browsers here: drive the system Chromium instead."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


SITE_YAML = """
title: Test Drafts
body: Test Council
base_url: https://drafts.example.org/
language: en
timezone: America/Chicago
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project: site.yaml and no drafts."""
    write(tmp_path / "site.yaml", SITE_YAML)
    (tmp_path / "drafts").mkdir()
    return tmp_path


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """A copy of the repository's own example project (site.yaml and drafts/)."""
    root = tmp_path / "examples"
    root.mkdir()
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "drafts", root / "drafts")
    return root
