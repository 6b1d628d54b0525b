"""The hostile-content corpus (tests/hostile/): ``docket check`` and ``docket build`` run over
each case in a process of their own, bounded in time. Every case ends in ``path:line``
problems (or warnings, where the content is harmless): never an internal error (exit 70),
a crash, a hang, or a file from outside the project published.

Each folder of tests/hostile/ is laid over a copy of ``base/``, a small sound project; the
cases that cannot live in git (links, FIFOs, huge files) are made by ``MAKERS`` below.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from . import docket_process

CORPUS = Path(__file__).parent / "hostile"
TIMEOUT = 120  # seconds per run; a hang fails the test rather than the suite
VERSIONS = Path("drafts/good/versions")
FRONT = "---\nlabel: Second\ndate: 2026-10-02\n---\n\n## Section 1. Purpose\n\n"
OUTSIDE = "outside the project: not read (list that place under allow_outside_root"


def _link(rel: str, target: str) -> Callable[[Path, Path], None]:
    def make(root: Path, elsewhere: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target.format(elsewhere=elsewhere))
    return make


def _fifo(rel: str) -> Callable[[Path, Path], None]:
    def make(root: Path, elsewhere: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(root / rel)
    return make


def _huge_line(root: Path, elsewhere: Path) -> None:
    (root / VERSIONS / "02-huge-line.md").write_text(FRONT + "word " * 100_000 + "\n")


def _huge_file(root: Path, elsewhere: Path) -> None:
    with open(root / VERSIONS / "02-huge.md", "wb") as f:  # sparse: no disk used
        f.write(FRONT.encode())
        f.truncate(3 * 2**30)


def _draft_folder_outside(root: Path, elsewhere: Path) -> None:
    shutil.copytree(root / "drafts" / "good", elsewhere / "linked")
    (root / "drafts" / "linked").symlink_to(elsewhere / "linked")


MAKERS: dict[str, Callable[[Path, Path], None]] = {
    "version-linked-outside": _link(f"{VERSIONS}/02-leak.md", "{elsewhere}/secret.md"),
    "static-linked-outside": _link("templates/static/leak.txt", "{elsewhere}/secret.md"),
    "template-linked-outside": _link("templates/privacy.html", "{elsewhere}/secret.md"),
    "draft-folder-linked-outside": _draft_folder_outside,
    "dangling-version": _link(f"{VERSIONS}/02-gone.md", "nowhere.md"),
    "emacs-lock-file": _link(f"{VERSIONS}/.#01-introduced.md", "ada@host.4242:1700000000"),
    "dangling-stray": _link("drafts/good/notes.txt", "nowhere.txt"),
    "fifo-in-draft": _fifo("drafts/good/notes.txt"),
    "fifo-version": _fifo(f"{VERSIONS}/02-fifo.md"),
    "fifo-template": _fifo("templates/privacy.html"),
    "fifo-static": _fifo("templates/static/pipe.css"),
    "dev-zero-version": _link(f"{VERSIONS}/02-zero.md", "/dev/zero"),
    "dev-zero-stray": _link("drafts/good/zero.bin", "/dev/zero"),
    "huge-line": _huge_line,
    "huge-file": _huge_file,
}

# case -> (exit code of check and build, lines both print)
EXPECTED: dict[str, tuple[int, list[str]]] = {
    "merge-bomb": (1, ["drafts/good/draft.yaml:2: document too large (too many merged keys)"]),
    "site-merge-bomb": (1, ["site.yaml:2: document too large (too many merged keys)"]),
    "deep-nesting": (1, ["drafts/good/draft.yaml:2: nested more than 64 levels deep"]),
    "deep-front-matter": (1, ["drafts/good/versions/02-deep.md:4: nested more than 64 "
                              "levels deep"]),
    "billion-laughs": (1, ["drafts/good/draft.yaml:"]),
    "non-utf8-markdown": (1, ["drafts/good/versions/02-latin1.md:8: not valid UTF-8"]),
    "nul-bytes": (0, ["drafts/good/versions/02-nul.md:8: warning: contains a NUL byte"]),
    "unclosed-front-matter": (1, ["drafts/good/versions/02-open.md:1: missing front matter"]),
    "broken-front-matter": (1, ["drafts/good/versions/02-broken.md:"]),
    "front-matter-not-a-mapping": (1, ["drafts/good/versions/02-list.md:"]),
    "tab-indented-yaml": (1, ["drafts/good/draft.yaml:3: YAML syntax error"]),
    "yaml-tags": (1, ["drafts/good/draft.yaml:1: "]),
    "template-raises": (1, ["templates/privacy.html:3: template error: ZeroDivisionError"]),
    "template-includes-itself": (1, ["templates/privacy.html:"]),
    "template-not-utf8": (1, ["templates/privacy.html:3: not valid UTF-8"]),
    "template-syntax-error": (1, ["templates/privacy.html:3: template syntax error"]),
    "template-undefined": (1, ["templates/privacy.html:3: template error: "]),
    "template-unused-syntax-error": (1, ["templates/extra.html:1: template syntax error"]),
    "version-linked-outside": (1, ["drafts/good/versions/02-leak.md:1: resolves to", OUTSIDE]),
    "static-linked-outside": (1, ["templates/static/leak.txt:1: resolves to", OUTSIDE]),
    "template-linked-outside": (1, ["templates/privacy.html:1: resolves to", OUTSIDE]),
    "draft-folder-linked-outside": (1, ["drafts/linked: resolves to", OUTSIDE]),
    "dangling-version": (1, ["drafts/good/versions/02-gone.md:1: broken symbolic link"]),
    "emacs-lock-file": (0, []),
    "dangling-stray": (0, ["drafts/good/notes.txt:1: warning: skipped: broken symbolic link"]),
    "fifo-in-draft": (0, ["drafts/good/notes.txt:1: warning: skipped: not a regular file: "
                          "a FIFO"]),
    "fifo-version": (1, ["drafts/good/versions/02-fifo.md:1: not a regular file: a FIFO"]),
    "fifo-template": (1, ["templates/privacy.html:1: not a regular file: a FIFO"]),
    "fifo-static": (0, ["templates/static/pipe.css:1: warning: skipped: not a regular file"]),
    "dev-zero-version": (1, ["drafts/good/versions/02-zero.md:1: resolves to /dev/zero"]),
    "dev-zero-stray": (0, ["drafts/good/zero.bin:1: warning: skipped: not a regular file: "
                           "a device"]),
    "huge-line": (0, []),
    "huge-file": (1, ["drafts/good/versions/02-huge.md:1: file is larger than 20 MB"]),
}


def cases() -> list[str]:
    on_disk = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and p.name != "base")
    return on_disk + sorted(MAKERS)


def test_every_case_has_an_expectation():
    assert sorted(cases()) == sorted(EXPECTED)


def docket(root: Path, *args: str) -> subprocess.CompletedProcess:
    return docket_process.docket(*args, cwd=root, timeout=TIMEOUT)


@pytest.mark.parametrize("case", cases())
def test_hostile_case(case: str, tmp_path: Path):
    root, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    shutil.copytree(CORPUS / "base", root)
    elsewhere.mkdir()
    (elsewhere / "secret.md").write_text("---\nlabel: SECRET\ndate: 2026-10-02\n---\n\nSECRET\n")
    if (CORPUS / case).is_dir():
        shutil.copytree(CORPUS / case, root, dirs_exist_ok=True)
    else:
        MAKERS[case](root, elsewhere)
    code, lines = EXPECTED[case]
    for command in (["check"], ["build", "--now", "2026-12-01T12:00", "-q"]):
        run = docket(root, *command)
        shown = run.stdout + run.stderr
        assert run.returncode == code, (command, shown)
        assert "internal error" not in shown and "Traceback" not in shown
        for line in lines:
            assert line in run.stderr, (command, line, shown)
        if code:  # every error is located
            errors = [e for e in run.stderr.splitlines() if ": " in e and "error(s)" not in e]
            assert errors and all(e.split(": ", 1)[0].count(":") <= 1 for e in errors)
    site = root / "site"
    if code:
        assert not site.exists()  # nothing published
    published = [p for p in site.rglob("*") if p.is_file()] if site.exists() else []
    assert not any("SECRET" in p.read_text(errors="replace") for p in published
                   if p.suffix in (".html", ".txt", ".json", ".xml", ".md"))
