"""responses.yaml: read into Response records, every mistake a ``path:line: message``."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

from generator.responses.load import load_responses
from generator.responses.model import FollowUp, Unit

from .fixtures import COMMENTS, SLUG, project

GOOD = """\
- id: r-fees
  answers: {campaign: CMP-FEES-0001}
  summary: Lower the registration fee for small hosts
  handled_by: {unit: Department of Neighborhood Services, person: Renata Vasquez}
  supervised_by: {unit: Committee on Housing and Neighborhoods, person: Council Member Okafor}
  plan: Review the fee schedule before the second reading.
  result: accepted
  reason: Section 5 now halves the fee for a host's own home.
  changed_in: 03-second-reading
  key: true
  follow_ups:
    - {date: 2026-11-21, stage: after, by: Council Member Okafor, note: Explained the change}
    - {date: 2026-10-02, stage: before, by: Renata Vasquez, note: Called the hosts}
  date: 2026-11-20
- id: r-one
  answers: {comments: [dkt-2026-aaaa-0001]}
  summary: Exempt owner-occupied homes
  handled_by: {unit: Department of Neighborhood Services, person: Renata Vasquez}
  supervised_by: {unit: Committee on Housing and Neighborhoods, person: Council Member Okafor}
  plan: Consider at the committee's next meeting.
  result: in-progress
- id: r-sec4
  answers: {provision: sec_4}
  summary: Clarify the registration steps
  handled_by: {unit: Department of Neighborhood Services, person: Renata Vasquez}
  supervised_by: {unit: Committee on Housing and Neighborhoods, person: Council Member Okafor}
  plan: Rewrite the section in plain language.
  result: not-accepted
  reason: The steps follow the state licensing code.
"""


def load(tmp_path, text: str, comments=COMMENTS):
    _root, draft = project(tmp_path)
    (draft.path / "responses.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return load_responses(draft.path, draft, comments)


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_a_good_file_gives_every_element_of_each_response(tmp_path):
    responses, problems = load(tmp_path, GOOD)
    assert problems == []
    fees, one, sec4 = responses
    assert (fees.id, fees.line, fees.campaign, fees.answers) == ("r-fees", 1, "CMP-FEES-0001",
                                                                  "campaign")
    assert fees.handled_by == Unit("Department of Neighborhood Services", "Renata Vasquez")
    assert fees.supervised_by.person == "Council Member Okafor"
    assert (fees.result, fees.changed_in, fees.key, fees.date) == (
        "accepted", "03-second-reading", True, date(2026, 11, 20))
    # The timeline is in date order, whatever order the file lists it in.
    assert fees.follow_ups == (
        FollowUp(date(2026, 10, 2), "before", "Renata Vasquez", "Called the hosts"),
        FollowUp(date(2026, 11, 21), "after", "Council Member Okafor", "Explained the change"))
    # Comment ids are matched case aside, and kept as the store spells them.
    assert one.comments == ("DKT-2026-AAAA-0001",) and one.answers == "comments"
    assert (one.reason, one.key, one.follow_ups, one.date) == ("", False, (), None)
    assert sec4.provision == "sec_4" and sec4.line == 22


def test_no_file_and_an_empty_file_are_no_responses(tmp_path):
    _root, draft = project(tmp_path)
    assert load_responses(draft.path, draft, COMMENTS) == ([], [])
    (draft.path / "responses.yaml").write_text("# nothing yet\n", encoding="utf-8")
    assert load_responses(draft.path, draft, COMMENTS) == ([], [])


PATH = f"drafts/{SLUG}/responses.yaml"
ENTRY = """\
- id: r-x
  answers: {comments: [DKT-2026-AAAA-0001]}
  summary: S
  handled_by: {unit: U, person: P}
  supervised_by: {unit: V, person: Q}
  plan: Plan
  result: accepted
  reason: Why
"""


@pytest.mark.parametrize(("text", "expected"), [
    ("id: r-x\n", f"{PATH}:1: responses.yaml must be a list of responses, each starting with "
                  "`- id: ...`"),
    ("- [a, b]\n", f"{PATH}:1: response 1: should be a mapping of keys to values (id:, "
                   "answers:, summary: ...)"),
    ("- id: [unclosed\n", f"{PATH}:1: YAML syntax error:"),
    (ENTRY + ENTRY, f"{PATH}:9: duplicate response id 'r-x' (first at line 1)"),
    (ENTRY.replace("  plan: Plan\n", ""), f"{PATH}:1: missing required key 'plan'"),
    (ENTRY.replace("handled_by: {unit: U, person: P}", "handled_by: {unit: U}"),
     f"{PATH}:4: missing required key 'handled_by.person'"),
    (ENTRY.replace("  reason: Why\n", "  reasn: Why\n"),
     f"{PATH}:8: unknown key 'reasn': did you mean 'reason'?"),
    (ENTRY.replace("result: accepted", "result: acepted"),
     f"{PATH}:7: result 'acepted' is not one of accepted, partly-accepted, not-accepted, noted, "
     "in-progress: did you mean 'accepted'?"),
    (ENTRY.replace("  reason: Why\n", ""),
     f"{PATH}:7: a response that is 'accepted' needs its reason: add `reason: ...`"),
    (ENTRY.replace("DKT-2026-AAAA-0001", "DKT-2026-AAAA-0009"),
     f"{PATH}:2: no published comment 'DKT-2026-AAAA-0009' in short-term-rentals's store"),
    (ENTRY.replace("DKT-2026-AAAA-0001", "DKT-2026-AAAA-0005"),  # pending: not published
     f"{PATH}:2: no published comment 'DKT-2026-AAAA-0005'"),
    (ENTRY.replace("{comments: [DKT-2026-AAAA-0001]}", "{campaign: CMP-NOPE}"),
     f"{PATH}:2: no campaign 'CMP-NOPE' among short-term-rentals's published comments"),
    (ENTRY.replace("{comments: [DKT-2026-AAAA-0001]}", "{provision: sec_99}"),
     f"{PATH}:2: no provision 'sec_99' in short-term-rentals's current version "
     "03-second-reading"),
    (ENTRY.replace("{comments: [DKT-2026-AAAA-0001]}",
                   "{provision: sec_3, campaign: CMP-FEES-0001}"),
     f"{PATH}:2: answers: give exactly one of comments, campaign or provision (this gives "
     "campaign and provision)"),
    (ENTRY.replace("{comments: [DKT-2026-AAAA-0001]}", "{}"),
     f"{PATH}:2: answers: give exactly one of comments, campaign or provision (this gives "
     "nothing)"),
    (ENTRY + "  changed_in: 04-final\n",
     f"{PATH}:9: no version '04-final' in short-term-rentals (it has 01-introduced, "
     "02-first-reading, 03-second-reading)"),
    (ENTRY + "  changed_in: 01-introduced\n",
     f"{PATH}:9: changed_in names '01-introduced', the first version: there is no earlier "
     "text to compare it with"),
    (ENTRY + "  follow_ups:\n    - {date: 2026-10-02, stage: whenever, by: P, note: N}\n",
     f"{PATH}:10: stage 'whenever' is not one of before, during, after, spot-check"),
    (ENTRY + "  follow_ups:\n    - {date: 2026-02-30, stage: before, by: P}\n",
     f"{PATH}:10: invalid value '2026-02-30'"),
    (ENTRY + "  follow_ups: a string\n", f"{PATH}:9: follow_ups: Input should be a valid list"),
    (ENTRY.replace("id: r-x", "id: r x/y"),
     f"{PATH}:1: response id 'r x/y' may hold only letters, digits, '-' and '_'"),
    (ENTRY.replace("summary: S", "summary: ''"), f"{PATH}:3: summary is empty"),
])
def test_each_mistake_is_reported_at_its_line(tmp_path, text, expected):
    _responses, problems = load(tmp_path, text)
    assert any(m.startswith(expected) for m in messages(problems)), messages(problems)
    assert all(p.is_error for p in problems if p.message.startswith(expected.split(": ", 1)[1]))


def test_one_broken_entry_leaves_the_others_and_every_problem_is_reported(tmp_path):
    text = ENTRY.replace("result: accepted", "result: maybe") + ENTRY.replace("r-x", "r-y") \
        + ENTRY.replace("r-x", "r-z").replace("  plan: Plan\n", "")
    responses, problems = load(tmp_path, text)
    assert [r.id for r in responses] == ["r-y"]
    assert [p.line for p in problems if p.is_error] == [7, 17]


def test_a_comment_answered_twice_is_a_warning_and_the_first_answer_counts(tmp_path):
    responses, problems = load(tmp_path, ENTRY + ENTRY.replace("r-x", "r-y"))
    assert [r.id for r in responses] == ["r-x", "r-y"]
    assert messages(problems) == [
        f"{PATH}:10: warning: comment 'DKT-2026-AAAA-0001' is also answered by 'r-x' (line 2): "
        "the first response answers it"]


def test_not_utf8_is_a_problem_not_a_traceback(tmp_path):
    _root, draft = project(tmp_path)
    (draft.path / "responses.yaml").write_bytes(b"- id: r\xff\n")
    assert messages(load_responses(draft.path, draft, COMMENTS)[1]) == [
        f"{PATH}:1: not valid UTF-8 (byte 7)"]


def test_a_file_that_resolves_outside_the_project_is_not_read(tmp_path):
    _root, draft = project(tmp_path)
    secret = tmp_path / "secret.yaml"
    secret.write_text("- id: [not, read]\n", encoding="utf-8")
    (draft.path / "responses.yaml").symlink_to(secret)
    [problem] = load_responses(draft.path, draft, COMMENTS)[1]
    assert str(problem).startswith(f"{PATH}:1: resolves to {secret.resolve()}, outside the project")
