"""The build state's manifest of the output: what ``os.walk`` and ``os.stat`` find."""

from __future__ import annotations

import os
from pathlib import Path

from generator.build.state import SITE_ID, STATE_FILE, manifest


def walked(out: Path, known: dict[str, list[int]], private: Path | None
           ) -> tuple[dict[str, list[int]], dict[str, int]]:
    """The manifest as ``os.walk`` and ``os.stat`` give it, in their order."""
    files: dict[str, list[int]] = {}
    folders: dict[str, int] = {}
    for tree in (out, private) if private is not None else (out,):
        top = str(tree)
        for dirpath, _dirnames, filenames in os.walk(top):
            rel = os.path.relpath(dirpath, top)
            prefix = "" if rel == "." else rel + "/"
            if prefix:
                folders[rel] = os.stat(dirpath).st_mtime_ns
            for name in filenames:
                st = os.stat(os.path.join(dirpath, name))
                files[prefix + name] = known.get(prefix + name, [st.st_size, st.st_mtime_ns])
    files.pop(STATE_FILE, None)
    files.pop(SITE_ID, None)
    return files, folders


def test_the_manifest_is_what_os_walk_finds(tmp_path: Path) -> None:
    out, private, elsewhere = tmp_path / "site", tmp_path / ".site.state", tmp_path / "else"
    for rel in ["index.html", STATE_FILE, "drafts/a/index.html", "drafts/a/v/01/index.html",
                "drafts/b/index.html", "z/deep/er/still/x.json", "empty-file"]:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(rel * 3, encoding="utf-8")
    (out / "empty-folder").mkdir()
    (private / ".docket-search" / "a").mkdir(parents=True)
    (private / ".docket-search" / "a" / "doc.json").write_text("{}", encoding="utf-8")
    (private / SITE_ID).write_text("1", encoding="utf-8")
    (elsewhere / "inside").mkdir(parents=True)
    (elsewhere / "inside" / "f.txt").write_text("linked", encoding="utf-8")
    (out / "linked-folder").symlink_to(elsewhere)  # listed as a folder, never descended
    (out / "drafts" / "linked-file").symlink_to(elsewhere / "inside" / "f.txt")
    known = {"drafts/b/index.html": [1, 2], "not/there": [3, 4]}
    for given, beside in [({}, None), (known, private)]:
        found = manifest(out, given, private=beside)
        assert found == walked(out, given, beside)
        assert [list(part) for part in found] == [list(part) for part in
                                                  walked(out, given, beside)]
    assert "linked-folder" not in manifest(out)[1]
    assert "linked-folder/inside/f.txt" not in manifest(out)[0]
