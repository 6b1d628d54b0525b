"""``docket comments import``: every importer against a sample of its source's real export
shape, and the store's promises (idempotent, quarantine with lines, contacts apart)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.cli import main
from generator.comments.record import UNKNOWN_PROVISION
from generator.comments.store import (
    comments_file,
    contacts_file,
    quarantine_file,
    read_comments,
    read_contacts,
)
from generator.intake.store import Store
from generator.intake.tracking import PATTERN
from generator.intake.validate import Submission

from ..commenting_project import NOW, make_project
from ..conftest import write

SAMPLES = Path(__file__).parent / "samples"
DRAFT = "noise-open"
GOOGLE = """  provider: google-forms
  form_id: 1FAIpQLSd-abcdefghijklmnop
  entries: {name: entry.1, email: entry.2, comment: entry.3, draft: entry.4,
            provision: entry.5, publish_name: entry.6}
  import_columns: {draft: Which draft?}
"""


def run(root: Path, *args: str) -> int:
    return main(["--root", str(root), "comments", "import", *args])


def public_bytes(root: Path) -> bytes:
    return comments_file(root, DRAFT).read_bytes()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


# Each sample: the importer, the file, extra arguments, and how many comments it holds.
#
# Where each sample's shape comes from (checked against what public sources show of the real
# files; the providers' own help pages on their exports were not reachable from here):
# - regulations-gov-bulk.csv: the bulk download's 60 columns, in order, as two independent
#   tools that read and rebuild real downloads list them (a field-by-field comparison of the
#   bulk CSV with the v4 documents and comments APIs, and a fetcher that writes "the
#   identical CSV schema"): dates like 2026-11-06T05:00Z, booleans as true/false, Attachment
#   Files comma-separated URLs, the last column "Display Properties (Name, Label, Tooltip)"
#   (fixed: the sample had "(Pipe-delimited): Field Name, Display Label, Tooltip").
# - formspree-submissions.json: the submissions API (GET /api/0/forms/{hashid}/submissions)
#   answers {"fields": [...], "submissions": [{"_date": ..., <field>: ...}]}, as the scripts
#   that read it show and as Formspree's published code builds it
#   (github.com/formspree/formspree: formspree/forms/models.py, Form.submissions_with_fields;
#   formspree/forms/api.py, v0_submissions). formspree-export.csv is the dashboard's "Export
#   to CSV" as that code writes it (formspree/forms/views.py, export_submissions, a
#   csv.DictWriter over the same fields): _id, _date, then the input names sorted
#   alphabetically, spam left out, _date the UTC time from Python's isoformat() with no zone
#   (2026-11-03T20:05:09.512000); older versions of the same code wrote "id,date,..." or
#   "date,...". The hosted service's current export is not published; its help pages were
#   not found in the search corpora. formspree-export-form-order.csv is the shape Docket read
#   before (_date first, the inputs in form order, times with a zone): still read.
# - netlify-submissions.json: Netlify's API (GET /forms/{form_id}/submissions), a list of
#   submissions with id, created_at, form_name and data (data also holding ip, user_agent
#   and referrer), per Netlify's API documentation and the payloads users post on
#   answers.netlify.com. The CSV download ("Download as CSV" on a form's page, verified
#   submissions, introduced in Netlify's 2017 post "Now in Forms: Export to CSV") is not
#   shown column by column anywhere found: neither docs.netlify.com ("Form submissions") nor
#   the post show its header row. netlify-export.csv (the input names, then form-name,
#   created_at, id) and netlify-export-variant.csv (capitalised headings, another order,
#   Netlify's IP, User Agent and Referrer columns, a honeypot column and a submission to
#   another form) are the likely variants the importer must read alike.
# - tally-export.csv and tally-webhook.json, google-forms-responses.csv: Tally's export
#   (Submission ID, Respondent ID, Submitted at, then the questions) and FORM_RESPONSE
#   webhook, and Google Forms' responses sheet (Timestamp, then the question titles), as
#   their help pages describe them (not rechecked here).
CASES = [
    ("formspree", "formspree-submissions.json", [], 2),
    ("formspree", "formspree-export.csv", [], 2),
    ("formspree", "formspree-export-form-order.csv", [], 2),
    ("netlify", "netlify-submissions.json", [], 2),
    ("netlify", "netlify-export.csv", [], 2),
    ("netlify", "netlify-export-variant.csv", [], 2),
    ("google-forms", "google-forms-responses.csv", [], 2),
    ("tally", "tally-export.csv", [], 2),
    ("tally", "tally-webhook.json", [], 1),
    ("regulations-gov", "regulations-gov-bulk.csv", ["--draft", DRAFT], 2),
    ("csv", "hand-kept.csv", ["--map", "received=Date received", "--map", "name=From",
                              "--map", "organisation=Affiliation",
                              "--map", "comment=Text of comment"], 2),
]


@pytest.mark.parametrize(("provider", "sample", "extra", "expected"), CASES,
                         ids=[c[1] for c in CASES])
def test_every_importer_reads_its_sample(tmp_path, provider, sample, extra, expected, capsys):
    root = make_project(tmp_path / "project", GOOGLE if provider == "google-forms"
                        else "  provider: local\n")
    assert run(root, "--from", provider, str(SAMPLES / sample), *extra) == 0
    out = capsys.readouterr().out
    assert f"imported: {expected}, already present: 0, quarantined: 0" in out
    comments = read_comments(root, DRAFT)
    contacts = read_contacts(root, DRAFT)
    assert len(comments) == expected
    assert [c.id for c in comments] == sorted(c.id for c in comments)
    for comment in comments:
        assert comment.draft == DRAFT and comment.version == "01-introduced"
        assert comment.source == provider and comment.source_id
        assert comment.status == "pending" and comment.received_date.tzinfo is not None
        assert comment.id.startswith("DKT-2026-")
    texts = {c.comment.split()[0] for c in comments}
    assert texts & {"Seven", "The", "See", "Testimony", "Letter:"}
    ana = next((c for c in comments if "Seven" in c.comment), None)
    if ana is not None and provider != "regulations-gov":
        assert ana.provision_id == "sec_2__subsec_a" and not ana.flags
        assert ana.name == "Ana Ruiz" and ana.name_consent
        assert contacts[ana.id].email == "ana.ruiz@example.org"
    if provider in ("formspree", "netlify", "tally") and sample != "tally-webhook.json":
        ben = next(c for c in comments if c.comment.startswith("The Union"))
        assert ben.name == "" and not ben.name_consent  # no consent: the name is private
        assert contacts[ben.id].name == "Ben Okafor"
        assert ben.organization == "Springfield Riders Union"
    stored = public_bytes(root).decode()
    for private in ("ana.ruiz@example.org", "ben@riders.example", "60601", "203.0.113.9"):
        assert private not in stored


def test_formspree_times_without_a_zone_are_utc_and_spam_is_not_a_comment(tmp_path, capsys):
    root = make_project(tmp_path / "project")  # the site's zone is America/Chicago
    assert run(root, "--from", "formspree", str(SAMPLES / "formspree-export.csv")) == 0
    times = sorted(c.received_date for c in read_comments(root, DRAFT))
    assert times == [datetime(2026, 11, 3, 20, 5, 9, tzinfo=UTC),
                     datetime(2026, 11, 4, 1, 12, 44, tzinfo=UTC)]
    rows = (SAMPLES / "formspree-export.csv").read_text().splitlines()
    spam = write(tmp_path / "spam.csv", "\n".join(
        [rows[0] + ",_spam", rows[1] + ",true", *[r + "," for r in rows[2:]]]) + "\n")
    other = make_project(tmp_path / "other")
    assert run(other, "--from", "formspree", str(spam)) == 0
    assert "imported: 1, already present: 0, quarantined: 0, not comments: 1" in \
        capsys.readouterr().out


def test_netlify_browser_columns_are_dropped_however_spelled(tmp_path):
    root = make_project(tmp_path / "project")
    assert run(root, "--from", "netlify", str(SAMPLES / "netlify-export-variant.csv")) == 0
    assert sorted(c.source_id for c in read_comments(root, DRAFT)) == [
        "6551a0c2e5b1a20008d3f2a7", "6551a0c2e5b1a20008d3f2b1"]
    # A row quarantined (its comment blanked) is kept whole, but for Netlify's columns.
    sample = (SAMPLES / "netlify-export-variant.csv").read_text()
    blank = write(tmp_path / "blank.csv", sample.replace(
        "Seven in the morning is too early for\nthe street sweepers to be exempt.", ""))
    assert run(make_project(tmp_path / "again"), "--from", "netlify", str(blank)) == 1
    private = [*(tmp_path / "project" / ".docket-private").rglob("*.jsonl"),
               *(tmp_path / "again" / ".docket-private").rglob("*.jsonl")]
    assert any("quarantine" in p.name for p in private)
    for path in [comments_file(root, DRAFT), *private]:
        text = path.read_text()
        assert "203.0.113.9" not in text and "Mozilla" not in text and "newsletter" not in text


def test_received_times_are_utc_whatever_the_export_wrote(tmp_path):
    root = make_project(tmp_path / "project", GOOGLE)
    assert run(root, "--from", "google-forms", str(SAMPLES / "google-forms-responses.csv")) == 0
    times = sorted(c.received_date for c in read_comments(root, DRAFT))
    assert times == [datetime(2026, 11, 3, 20, 5, 9, tzinfo=UTC),
                     datetime(2026, 11, 4, 1, 12, 44, tzinfo=UTC)]
    assert '"received_date": "2026-11-03T20:05:09Z"' in public_bytes(root).decode()


@pytest.mark.parametrize(("written", "utc"), [
    ("2026/11/03 14:05:09", "2026-11-03T20:05:09Z"), ("2026/11/03 14:05", "2026-11-03T20:05:00Z"),
    ("2026/11/03 2:05 PM", "2026-11-03T20:05:00Z"), ("2026/11/03", "2026-11-03T06:00:00Z"),
    ("11/03/2026 2:05 PM", "2026-11-03T20:05:00Z")])
def test_a_spreadsheet_time_is_read_with_or_without_its_seconds(root, tmp_path, written, utc):
    """A spreadsheet set to year-first dates writes 2026/11/03 14:05 as readily as with the
    seconds; both are the site's local time."""
    source = write(tmp_path / "times.csv", "comment,received,draft,respondent_type\n"
                   f"Fine,{written},noise-open,individual\n")
    assert run(root, "--from", "csv", str(source)) == 0
    assert f'"received_date": "{utc}"' in comments_file(root, DRAFT).read_text()


def test_regulations_gov_keeps_only_public_submissions(root, capsys):
    assert run(root, "--from", "regulations-gov", str(SAMPLES / "regulations-gov-bulk.csv"),
               "--draft", DRAFT) == 0
    assert "imported: 2, already present: 0, quarantined: 0, not comments: 2" in \
        capsys.readouterr().out
    comments = {c.source_id: c for c in read_comments(root, DRAFT)}
    assert set(comments) == {"SPR-2026-0014-0002", "SPR-2026-0014-0003"}
    union = comments["SPR-2026-0014-0003"]
    assert union.tracking_number == "mh4-1abc-7de9"
    assert union.respondent_type == "organisation" and len(union.attachments) == 2
    ana = comments["SPR-2026-0014-0002"]
    assert ana.name == "Ana Ruiz" and ana.respondent_type == "individual"
    assert read_contacts(root, DRAFT)[ana.id].locality == "Springfield, IL, 60601, United States"


def test_netlify_other_forms_and_formspree_spam_are_not_comments(root, capsys):
    assert run(root, "--from", "netlify", str(SAMPLES / "netlify-submissions.json")) == 0
    assert "not comments: 1" in capsys.readouterr().out
    assert run(root, "--from", "formspree", str(SAMPLES / "formspree-submissions.json")) == 0
    assert "imported: 2, already present: 0, quarantined: 0, not comments: 1" in \
        capsys.readouterr().out


def test_the_format_is_recognised_from_content_not_extension(root, tmp_path, capsys):
    renamed = shutil.copy(SAMPLES / "formspree-submissions.json", tmp_path / "download.txt")
    assert run(root, "--from", "formspree", str(renamed)) == 0
    assert "imported: 2" in capsys.readouterr().out
    csv_named_json = shutil.copy(SAMPLES / "tally-export.csv", tmp_path / "tally.json")
    assert run(root, "--from", "tally", str(csv_named_json)) == 0


def test_importing_twice_changes_no_byte_and_counts_what_is_present(root, capsys):
    sample = str(SAMPLES / "formspree-export.csv")
    assert run(root, "--from", "formspree", sample) == 0
    first = public_bytes(root), contacts_file(root, DRAFT).read_bytes()
    assert run(root, "--from", "formspree", sample) == 0
    assert "imported: 0, already present: 2, quarantined: 0" in capsys.readouterr().out
    assert (public_bytes(root), contacts_file(root, DRAFT).read_bytes()) == first
    # The same submissions from the API later on: recognised by content, not doubled.
    assert run(root, "--from", "formspree", str(SAMPLES / "formspree-export.csv")) == 0


def test_a_row_twice_in_one_file_is_imported_once(root, tmp_path, capsys):
    lines = (SAMPLES / "netlify-export.csv").read_text().splitlines(keepends=True)
    doubled = write(tmp_path / "twice.csv", "".join(lines + lines[1:3]))
    assert run(root, "--from", "netlify", str(doubled)) == 0
    assert "imported: 2, already present: 1, quarantined: 0" in capsys.readouterr().out


BAD = """\
comment,name,email,received,draft,provision,position,respondent_type
"A first comment
over two lines",Ann,ann@example.org,2026-11-03 10:00,noise-open,sec_1,support,individual
,Cy,cy@example.org,2026-11-04 10:00,noise-open,,,
Fine,Di,di@example.org,yesterday,noise-open,,,
Fine too,Ed,ed@example.org,2026-11-04 11:00,no-such-draft,,,
Hmm,Fay,fay@example.org,2026-11-04 12:00,noise-open,,maybe,
Hmm,Gus,gus@example.org,2026-11-04 12:00,noise-open,,,a robot
On a provision that is not there,Hal,hal@example.org,2026-11-04 13:00,noise-open,sec_9,,
"""


def test_rows_that_cannot_be_taken_are_quarantined_with_their_line(root, tmp_path, capsys):
    source = write(tmp_path / "mixed.csv", BAD)
    assert run(root, "--from", "csv", str(source)) == 1
    captured = capsys.readouterr()
    assert "imported: 2, already present: 0, quarantined: 5" in captured.out
    for line, why in ((4, "no comment text"), (5, "time received that cannot be read"),
                      (6, "'no-such-draft'"), (7, "position 'maybe'"),
                      (8, "respondent type 'a robot'")):
        assert f"{source}:{line}: quarantined: " in captured.err
        assert why in captured.err
    held = [json.loads(x) for x in quarantine_file(root).read_text().splitlines()]
    assert [(h["at"], h["unit"]) for h in held] == [(4, "line"), (5, "line"), (6, "line"),
                                                     (7, "line"), (8, "line")]
    assert held[0]["source"] == str(source) and held[0]["row"]["name"] == "Cy"
    # An unknown provision is kept and flagged, never dropped.
    flagged = [c for c in read_comments(root, DRAFT) if c.flags]
    assert [(c.provision_id, c.flags) for c in flagged] == [("sec_9", [UNKNOWN_PROVISION])]
    assert f"{source}:9: warning: provision 'sec_9'" in captured.err
    before = quarantine_file(root).read_bytes()
    assert run(root, "--from", "csv", str(source)) == 1
    assert quarantine_file(root).read_bytes() == before  # held once, however often re-run


@pytest.mark.parametrize("received", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00",
                                      "9999-12-31 23:00"])
def test_a_time_at_the_ends_of_the_calendar_is_quarantined_not_a_crash(root, tmp_path, capsys,
                                                                       received):
    """A time that exists as written but not in UTC or the site's zone cannot be stored."""
    source = write(tmp_path / "ends.csv", "comment,received,draft,respondent_type\n"
                   f"Fine,{received},noise-open,individual\nAlso fine,2026-11-04 10:00,"
                   "noise-open,individual\n")
    assert run(root, "--from", "csv", str(source)) == 1
    captured = capsys.readouterr()
    assert f"{source}:2: quarantined: has a time received that cannot be read" in captured.err
    assert "imported: 1, already present: 0, quarantined: 1" in captured.out


def test_a_year_before_1000_is_stored_so_the_store_reads_it_back(root, tmp_path, capsys):
    """A typed year such as 0026 is a time that exists: its line must be one the store,
    check and build can read (four digits, as ISO 8601 writes every year)."""
    source = write(tmp_path / "typo.csv", "comment,received,draft,respondent_type\n"
                   "Fine,0026-11-03 10:00,noise-open,individual\n")
    assert run(root, "--from", "csv", str(source)) == 0
    assert '"received_date": "0026-11-03T' in comments_file(root, DRAFT).read_text()
    (comment,) = read_comments(root, DRAFT)
    assert comment.received_date.year == 26
    assert PATTERN.match(comment.id) and comment.id.startswith("DKT-0026-")  # can be looked up
    assert main(["--root", str(root), "check"]) == 0


MARKUP = '<img src=x onerror=alert(1)><script>alert("x")</script>&lt;b&gt;'


def test_markup_in_every_field_is_kept_as_text(root, tmp_path):
    fields = ["draft", "version", "provision", "name", "email", "organisation",
              "respondent_type", "locality", "position", "comment", "publish_name", "_date"]
    record = {f: MARKUP for f in fields}
    record.update(draft=DRAFT, version="01-introduced", respondent_type="individual",
                  position="support", publish_name="yes", _date="2026-11-03T20:05:09Z")
    evil = dict(record, provision=MARKUP, name=MARKUP + "\u202e", organisation=MARKUP,
                comment=MARKUP + "\n" + MARKUP, email=MARKUP, locality=MARKUP)
    source = write(tmp_path / "evil.json", json.dumps({"submissions": [evil]}))
    assert run(root, "--from", "formspree", str(source)) == 0
    [comment] = read_comments(root, DRAFT)
    assert comment.name == MARKUP  # the bidi override is gone, the markup is text
    assert comment.organization == MARKUP and comment.provision_id == MARKUP
    assert comment.comment == MARKUP + "\n" + MARKUP
    assert comment.flags == [UNKNOWN_PROVISION]
    contact = read_contacts(root, DRAFT)[comment.id]
    assert contact.email == MARKUP and contact.locality == MARKUP
    assert len(public_bytes(root).splitlines()) == 1  # one comment, one line


def test_local_reads_a_snapshot_while_the_service_writes(root, capsys):
    db = root / "comments.db"
    store = Store(db, "DKT")

    def submission(text: str) -> Submission:
        return Submission(DRAFT, "01-introduced", "sec_2__subsec_b", "Ana Ruiz",
                          "ana.ruiz@example.org", "", "individual", "60601", "mixed", text,
                          False, False, NOW)

    [number] = store.insert([submission("Committed before the import.")])
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # the service, mid-transaction, holding the write lock
    writer.execute("INSERT INTO submissions (tracking, received_at, draft, version, name, "
                   "email, respondent_type, comment, publish_name) VALUES ('DKT-2026-0000-0001',"
                   " '2026-11-28T18:00:00+00:00', 'noise-open', '01-introduced', 'X', "
                   "'x@example.org', 'individual', 'Not committed yet.', 0)")
    assert run(root, "--from", "local", str(db)) == 0
    writer.execute("ROLLBACK")
    writer.close()
    store.close()
    assert "imported: 1, already present: 0, quarantined: 0" in capsys.readouterr().out
    [comment] = read_comments(root, DRAFT)
    assert comment.id == number and comment.tracking_number == number
    assert comment.name == "" and read_contacts(root, DRAFT)[number].name == "Ana Ruiz"
    assert run(root, "--from", "local", str(db)) == 0
    assert "imported: 0, already present: 1" in capsys.readouterr().out


@pytest.mark.parametrize(("provider", "content", "message"), [
    ("csv", b"comment,received\n\xff\xfe,2026-11-03\n", ":2: not UTF-8"),
    ("formspree", b'{"submissions": [\n  {"comment": "x",}\n]}', ":2: not valid JSON"),
    ("regulations-gov", b"comment,received\nx,2026-11-03\n", ":1: not a regulations.gov"),
    ("local", b"comment,received\n", ": not a SQLite database"),
    ("tally", b'{"comment": "x"}', "quarantined (item 1): not a Tally"),
    ("csv", b"a,b\n1,2\n", ":1: no column holds the comment"),
])
def test_bad_input_is_reported_with_its_place_and_exit_1(root, tmp_path, capsys, provider,
                                                          content, message):
    source = tmp_path / "input"
    source.write_bytes(content)
    assert run(root, "--from", provider, str(source), "--draft", DRAFT) == 1
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert "imported: 0" in captured.out


@pytest.mark.parametrize("args", [(), ("--map", "comment=Text"), ("--ratings",)])
def test_column_headings_are_named_without_the_controls_they_hold(root, tmp_path, capsys,
                                                                   args):
    """A heading is text from the export: its escape sequences and bidi overrides must not
    reach the clerk's terminal (retitle the window, clear the screen, reorder the line)."""
    source = tmp_path / "export.csv"
    source.write_bytes("x,\x1b]0;pwned\x07\x1b[2J\u202eevil\n1,2\n".encode())
    given = ("--ratings", str(source)) if args == ("--ratings",) else (str(source), *args)
    assert run(root, "--from", "csv", *given, "--draft", DRAFT) == 1
    err = capsys.readouterr().err
    assert "the columns are:" in err
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err


def test_wrong_use_is_exit_2(root, capsys):
    sample = str(SAMPLES / "formspree-export.csv")
    assert run(root, "--from", "typeform", sample) == 2
    assert run(root, "--from", "csv", sample, "--map", "colour=x") == 2
    assert run(root, "--from", "csv", sample, "--draft", "nope") == 2
    assert "unknown source 'typeform'" in capsys.readouterr().err


def test_contact_details_stay_out_of_git_and_out_of_the_site(root):
    assert run(root, "--from", "netlify", str(SAMPLES / "netlify-submissions.json")) == 0
    assert run(root, "--from", "regulations-gov", str(SAMPLES / "regulations-gov-bulk.csv"),
               "--draft", DRAFT) == 0
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    status = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "-uall"],
                            capture_output=True, text=True, check=True).stdout
    assert "drafts/noise-open/comments/comments.jsonl" in status
    assert ".docket-private" not in status
    assert main(["--root", str(root), "build", "--now", NOW.isoformat(), "-q"]) == 0
    private = ("ana.ruiz@example.org", "ben@riders.example", "60601", "Springfield, IL",
               "203.0.113.9")
    for path in (root / "site").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(p.encode() in data for p in private), path
