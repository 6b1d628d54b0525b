"""``docket comments import --from staticman``: the folder of entry files Staticman commits
(one ``yml``, ``json`` or ``frontmatter`` file per entry) folded back like any export.

The sample (samples/staticman/) is shaped as Staticman writes its entries: the form's
``fields`` under the names Docket's Staticman form gives them (providers/staticman.py), its
``_id``, and the ``date`` of ``generatedFields`` as ISO 8601 text, milliseconds and seconds;
Chen's entry had its email replaced by its md5 (``transforms: {email: md5}``).
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.cli import main
from generator.comments.store import (
    comments_file,
    quarantine_file,
    read_comments,
    read_contacts,
)

from ..commenting_project import make_project

SAMPLE = Path(__file__).parent / "samples" / "staticman"
DRAFT = "noise-open"


def run(root: Path, *args: str) -> int:
    return main(["--root", str(root), "comments", "import", "--from", "staticman", *args])


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def test_a_folder_of_yml_json_and_frontmatter_entries_is_imported(root, capsys):
    assert run(root, str(SAMPLE)) == 0
    assert "imported: 3, already present: 0, quarantined: 0" in capsys.readouterr().out
    comments = {c.name or c.comment.split()[0]: c for c in read_comments(root, DRAFT)}
    contacts = read_contacts(root, DRAFT)
    assert set(comments) == {"Ana Ruiz", "The", "Chen Li"}
    for comment in comments.values():
        assert comment.draft == DRAFT and comment.version == "01-introduced"
        assert comment.source == "staticman" and comment.status == "pending"
    ana, ben, chen = comments["Ana Ruiz"], comments["The"], comments["Chen Li"]
    assert ana.source_id == "6f1d2a30-b9b3-11f1-8a4e-3b1f0c9d7e21"  # Staticman's _id
    assert ana.provision_id == "sec_2__subsec_a" and ana.name_consent and not ana.flags
    assert ana.comment == ("Seven in the morning is too early for\n"
                           "the street sweepers to be exempt.")
    assert ana.received_date == datetime(2026, 11, 3, 20, 5, 9, tzinfo=UTC)  # ISO 8601
    assert ben.received_date == datetime(2026, 11, 4, 1, 12, 44, tzinfo=UTC)  # milliseconds
    assert chen.received_date == datetime(2026, 11, 4, 11, 0, tzinfo=UTC)  # seconds
    assert ben.name == "" and not ben.name_consent and ben.provision_id in ("", None)
    assert ben.organization == "Springfield Riders Union"
    # the frontmatter entry's body is its comment
    assert chen.comment == "See the hours in section 2: a quarter past seven would do."
    assert chen.provision_id == "sec_2__subsec_a"
    assert contacts[ana.id].email == "ana.ruiz@example.org"
    assert contacts[ben.id].name == "Ben Okafor" and contacts[ben.id].email == "ben@riders.example"
    public = comments_file(root, DRAFT).read_text()
    for private in ("ana.ruiz@example.org", "ben@riders.example", "60601", "Ben Okafor"):
        assert private not in public


def test_an_md5_email_is_not_kept_as_an_address(root):
    assert run(root, str(SAMPLE / DRAFT / "entry1793790000.md")) == 0
    [chen] = read_comments(root, DRAFT)
    contact = read_contacts(root, DRAFT).get(chen.id)
    assert contact is None or contact.email == ""
    assert "5d41402abc4b2a76b9719d911017c592" not in comments_file(root, DRAFT).read_text()


def test_importing_again_changes_no_byte(root, capsys):
    assert run(root, str(SAMPLE)) == 0
    before = comments_file(root, DRAFT).read_bytes()
    assert run(root, str(SAMPLE)) == 0
    assert "imported: 0, already present: 3, quarantined: 0" in capsys.readouterr().out
    assert comments_file(root, DRAFT).read_bytes() == before


def test_an_entry_without_id_is_known_by_its_path(root, tmp_path, capsys):
    source = tmp_path / "comments"
    (source / "a").mkdir(parents=True)
    (source / "a" / "entry1.yml").write_text(
        "draft: noise-open\nversion: 01-introduced\nname: Dee\ncomment: Fine.\n"
        "date: 2026-11-03T20:05:09Z\n")  # an unquoted YAML time
    (source / "notes.txt").write_text("not an entry")
    (source / ".git").mkdir()
    (source / ".git" / "config.yml").write_text("- not: an entry\n")
    assert run(root, str(source)) == 0
    [dee] = read_comments(root, DRAFT)
    assert dee.source_id == "a/entry1.yml" and dee.comment == "Fine."
    assert run(root, str(source)) == 0
    assert "already present: 1" in capsys.readouterr().out


@pytest.mark.parametrize(("name", "content", "message"), [
    ("entry.yml", "comment: fine\nname: [unclosed\ndate: 1\n", "entry.yml:3: not valid YAML"),
    ("entry.json", '{\n  "comment": "x",\n}', "entry.json:3: not valid JSON"),
    ("entry.md", "---\ncomment: x\nname: 'open\n---\nbody\n", "entry.md:4: not valid YAML"),
    ("entry.md", "no front matter\n", "entry.md:1: not a Staticman frontmatter entry"),
    ("entry.yml", b"comment: \xff\n", "entry.yml:1: not UTF-8"),
    # libyaml's composer recurses: this nesting crashed Python itself before it was refused
    ("entry.yml", "a: " + "[" * 100_000 + "]" * 100_000 + "\ncomment: x\n",
     "entry.yml:1: not valid YAML: nested more than"),
    ("entry.json", "[" * 100_000 + "]" * 100_000, "entry.json:1: not valid JSON: nested"),
])
def test_a_broken_file_is_refused_with_its_path_and_line(root, tmp_path, capsys, name,
                                                         content, message):
    source = tmp_path / "comments"
    shutil.copytree(SAMPLE, source)
    path = source / "zz" / name
    path.parent.mkdir()
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    assert run(root, str(source)) == 1
    captured = capsys.readouterr()
    assert f"{source}/zz/{message}" in captured.err and "Traceback" not in captured.err
    assert "imported: 0" in captured.out
    assert not comments_file(root, DRAFT).exists()


def test_a_file_that_is_not_an_entry_or_has_no_comment_is_quarantined(root, tmp_path, capsys):
    source = tmp_path / "comments"
    shutil.copytree(SAMPLE, source)
    (source / "list.yml").write_text("- draft: noise-open\n- comment: x\n")
    (source / "empty.yml").write_text("")
    (source / "silent.yml").write_text(
        "_id: s1\ndraft: noise-open\nversion: 01-introduced\nname: Eve\ndate: 1793790000\n"
        "loop: &a [*a]\n")  # a self-referring alias: not a field, left out
    assert run(root, str(source)) == 1
    captured = capsys.readouterr()
    assert "imported: 3, already present: 0, quarantined: 3" in captured.out
    assert "empty.yml: not a Staticman entry" in captured.err
    assert "list.yml: not a Staticman entry (its fields as a mapping), but a list" in captured.err
    assert "has no comment text" in captured.err and "Traceback" not in captured.err
    held = quarantine_file(root).read_text()
    assert "list.yml" in held and "silent.yml" in held


def test_a_frontmatter_entry_written_with_crlf_is_read(root, tmp_path):
    source = tmp_path / "entry.md"
    source.write_bytes(b"---\r\n_id: c1\r\ndraft: noise-open\r\nversion: 01-introduced\r\n"
                       b"date: 1793790000\r\n---\r\nBody text\r\nline two\r\n")
    assert run(root, str(source)) == 0
    [entry] = read_comments(root, DRAFT)
    assert entry.comment == "Body text\nline two" and entry.source_id == "c1"


def test_an_empty_folder_says_so(root, tmp_path, capsys):
    source = tmp_path / "comments"
    source.mkdir()
    (source / "README.txt").write_text("entries land here")
    assert run(root, str(source)) == 1
    captured = capsys.readouterr()
    assert f"{source}: no Staticman entries here" in captured.err
    assert "Traceback" not in captured.err


def test_only_staticman_reads_a_folder(root, capsys):
    assert main(["--root", str(root), "comments", "import", "--from", "netlify",
                 str(SAMPLE)]) == 1
    assert "no such file" in capsys.readouterr().err
