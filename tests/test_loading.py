"""The loader's own shortcuts give what the general functions give."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.loader import _Reader
from generator.problems import display_path


@pytest.mark.parametrize("below", ["drafts/a/draft.yaml", "site.yaml", "drafts", "",
                                   "drafts/../site.yaml", "drafts/a b/01 x.md"])
def test_a_path_is_named_as_display_path_names_it(tmp_path: Path, below: str) -> None:
    root = tmp_path / "project"
    (root / "drafts").mkdir(parents=True)
    reader = _Reader(root)
    for path in [root / below, tmp_path / "elsewhere" / below, tmp_path / ("project-x/" + below)]:
        assert reader.name(path) == display_path(path, root)


def test_the_root_of_the_file_system_as_a_project_names_paths_alike() -> None:
    reader = _Reader(Path("/"))
    for path in [Path("/drafts/a/draft.yaml"), Path("/")]:
        assert reader.name(path) == display_path(path, Path("/"))


YAML_SAMPLES = [
    "title: Plain\nnumber: 12\nsponsors: [A, 'B', \"C\\u00e9\"]\nsummary: |\n  two\n  lines\n",
    "label: Introduced\ndate: 2026-02-01\nstage: ''\nnote: ~\n",
    "? complex\n: value\n1: one\ntrue: yes\nnull: nothing\n2026-01-01: day\n",
    "a: &x shared\nb: *x\nc: !!str 123\nd: !!str\ne: 'quoted: colon'\nf: 1.5\ng: 0x1f\n",
    "base: &b {x: 1, y: two}\nmerged:\n  <<: *b\n  y: three\nlist:\n- *b\n- - nested\n  - [deep, 1]\n",
    "title: 条例（草案）\ncomment_period:\n  opens: 2026-05-23\n  closes: 2026-07-07T09:00:00\n",
    "",
    "just a string",
    "- a\n- 2\n- {k: v}\n",
    "empty:\nkey with spaces: value with spaces\n\"quoted key\": v\n'single': w\n",
]


def test_yaml_strings_are_taken_as_the_constructor_makes_them(monkeypatch) -> None:
    """``yamlsource`` takes a string's value from its node rather than through PyYAML's
    constructor: the same values of the same types, with the same lines, as the
    constructor gives every node (the examples, both real-law samples, hostile inputs)."""
    from generator.content import yamlsource
    from generator.content.loader import split_front_matter

    texts = list(YAML_SAMPLES)
    from .test_parse_memo import CORPORA

    here = Path(__file__).parent
    for folder in [here.parent / "drafts", here / "hostile", CORPORA / "gesetze-sample",
                   CORPORA / "laws-zh-sample"]:
        texts += [p.read_text(encoding="utf-8", errors="replace")
                  for p in sorted(folder.rglob("*.yaml"))]
        for p in sorted(folder.rglob("*.md")):
            split = split_front_matter(p.read_text(encoding="utf-8", errors="replace"))
            texts += [split[0]] if split else []
    assert len(texts) > (100 if CORPORA.is_dir() else 30)  # (a clean clone has no corpora)

    def parsed(text: str) -> object:
        try:
            doc = yamlsource.parse_yaml(text, 3)
        except yamlsource.YamlProblem as exc:
            return ("problem", exc.line, exc.message)
        return repr((doc.data, sorted(doc.lines.items(), key=repr), doc.first_line))

    taken = [parsed(text) for text in texts]
    monkeypatch.setattr(yamlsource, "STR_TAG", "(every value through the constructor)")
    assert [parsed(text) for text in texts] == taken


def split_by_lines(text: str) -> tuple[str, str, int] | None:
    """``split_front_matter`` as the whole text split into lines gives it."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 1
    return None


def test_front_matter_is_split_off_as_the_lines_of_the_whole_text_say() -> None:
    from generator.content.loader import split_front_matter

    heads = ["---", " --- ", "---\x0b", "\u2028---", "--- x", "...", "----", ""]
    middles = ["", "label: A\ndate: 2026-01-01", "a: 1\n\n", "\x85\n  ---x", "a: '---'"]
    ends = ["---", "...", " ...\x0c", "--- ", "\u2029---", ""]
    bodies = ["", "\n", "Text\n", "## 1\n\n---\nmore\n", "x\n...\n"]
    texts = [f"{head}\n{middle}\n{end}{sep}{body}" for head in heads for middle in middles
             for end in ends for sep in ("\n", "") for body in bodies]
    texts += ["", "---", "---\n", "---\n---", "---\n---\n", "\n---\n---\n", "---\n\n---\nx"]
    here = Path(__file__).parent
    texts += [p.read_text(encoding="utf-8", errors="replace")
              for folder in (here.parent / "drafts", here / "hostile")
              for p in sorted(folder.rglob("*.md"))]
    assert sum(split_by_lines(t) is not None for t in texts) > 100
    for text in texts:
        assert split_front_matter(text) == split_by_lines(text), text


def test_a_versions_folder_is_listed_as_glob_lists_it(tmp_path: Path) -> None:
    from generator.content.loader import markdown_names

    versions = tmp_path / "versions"
    versions.mkdir()
    for name in ["01-a.md", ".hidden.md", "UPPER.MD", "x.md.txt", "md", ".md", "#02-b.md#",
                 "02-c.md~", "03 space.md", "04-é.md"]:
        (versions / name).write_text("x", encoding="utf-8")
    (versions / "folder.md").mkdir()
    (versions / "linked.md").symlink_to(versions / "01-a.md")
    (versions / "broken.md").symlink_to(tmp_path / "nowhere")
    (tmp_path / "linked-versions").symlink_to(versions)
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    for folder in [versions, tmp_path / "linked-versions", tmp_path / "a-file",
                   tmp_path / "missing"]:
        globbed = sorted(folder.glob("*.md")) if folder.is_dir() else []
        assert sorted(folder / name for name in markdown_names(folder)) == globbed
    assert len(markdown_names(versions)) == 8


@pytest.mark.parametrize("raw", ["a\r\nb\rc\n\r\n", "\ufeffno ends", "\ufeff\r\r\n", "", "\r",
                                 "plain\nlines\n", "x\u2028y\r\n"])
def test_a_files_line_ends_are_read_as_newlines(tmp_path: Path, raw: str) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(raw.encode("utf-8"))
    expected = raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    assert _Reader(tmp_path).text(path) == expected


def test_the_draft_folders_are_those_pathlib_finds(tmp_path: Path) -> None:
    from generator.content.loader import draft_folders

    drafts = tmp_path / "drafts"
    for name in ["b", "a", "a-2", "Z", "é", ".hidden"]:
        (drafts / name).mkdir(parents=True)
    (drafts / "loose.yaml").write_text("x", encoding="utf-8")
    (drafts / "linked").symlink_to(drafts / "a")
    (drafts / "broken").symlink_to(tmp_path / "nowhere")
    (drafts / "loop").symlink_to(drafts / "loop")
    (drafts / "to-a-file").symlink_to(drafts / "loose.yaml")
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    for folder in [drafts, tmp_path / "a-file", tmp_path / "missing"]:
        found = sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
        assert [folder / name for name in draft_folders(folder)] == found
    assert draft_folders(drafts) == [".hidden", "Z", "a", "a-2", "b", "linked", "é"]


@pytest.mark.parametrize("size", [0, 1, 999, 1000, 1001, 5000])
@pytest.mark.parametrize("grown", [0, 1, 700])  # bytes written after the size was asked
@pytest.mark.parametrize("most", [None, 7])  # bytes a read may return (a short read)
def test_a_file_is_read_whole_up_to_the_limit(tmp_path: Path, monkeypatch, size: int,
                                                grown: int, most: int | None) -> None:
    import os

    from generator import inputfiles

    path = tmp_path / "f.md"
    data = bytes(range(256)) * 20
    path.write_bytes(data[:size + grown])
    opened = inputfiles.open_regular_fd

    def then_grown(p):
        fd, st = opened(p)
        values = list(st)
        values[6] = size  # st_size, as it was before the file grew
        return fd, os.stat_result(values)

    read = os.read
    monkeypatch.setattr(inputfiles, "open_regular_fd", then_grown)
    if most is not None:
        monkeypatch.setattr(inputfiles.os, "read", lambda fd, n: read(fd, min(n, most)))
    if size + grown > 1000:
        with pytest.raises(inputfiles.Unreadable, match="larger than"):
            inputfiles.read_bytes(path, 1000)
    else:
        assert inputfiles.read_bytes(path, 1000) == data[:size + grown]
