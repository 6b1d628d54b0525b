"""Read and check ``drafts/<slug>/responses.yaml``, every problem at its ``path:line``.

The file is a list, one entry per response (README, "Responses")::

    - id: r-fees
      answers: {campaign: CMP-7K3M-9QXP}   # or {comments: [DKT-...]} or {provision: sec_6}
      summary: Lower the enrollment fee for low-income riders
      handled_by: {unit: Department of Transportation, person: Ana Ruiz}
      supervised_by: {unit: Transportation Committee, person: Council Member Alvarez}
      plan: Review the fee schedule before the second reading.
      result: accepted
      reason: Section 3(c) now waives the fee.
      changed_in: 03-committee-substitute
      key: true
      follow_ups:
        - {date: 2026-10-02, stage: before, by: Ana Ruiz, note: Called the Riders Union}
      date: 2026-11-20

Each entry is read on its own, so one broken entry does not hide what is wrong with the
others: its shape through the same schema validation as draft.yaml (unknown keys with the
nearest known one, missing required keys, wrong types), then what only the draft can tell
(comment ids, campaigns, provisions and versions it names must exist). An entry with an
error is left out of the result; a file with errors fails ``docket check`` and the build.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, with_config

from ..comments.record import Comment
from ..content.schema import validate
from ..content.yamlsource import Location, YamlDoc, YamlProblem, parse_yaml
from ..inputfiles import Unreadable, allowed_roots, outside, outside_message, read_bytes
from ..model import Draft
from ..problems import Problem, did_you_mean, display_path
from .model import ANSWERS, RESULTS, STAGES, FollowUp, Response, Unit

FILE = "responses.yaml"
MAX_FILE_BYTES = 20 * 1024 * 1024
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")  # used in URLs and fragment ids
# A response still being handled has no reason yet; every other result says why.
NEEDS_NO_REASON = ("in-progress",)

STRICT = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True)


# ------------------------------------------------------------------ the file's shape


@with_config(STRICT)
@dataclass
class UnitEntry:
    unit: str
    person: str


@with_config(STRICT)
@dataclass
class FollowUpEntry:
    date: dt.date  # (``dt.``: a field named ``date`` hides the type in the class body)
    stage: str
    by: str
    note: str = ""


@with_config(STRICT)
@dataclass
class AnswersEntry:
    comments: list[str] = field(default_factory=list)
    campaign: str = ""
    provision: str = ""


@with_config(STRICT)
@dataclass
class ResponseEntry:
    id: str
    answers: AnswersEntry
    summary: str
    handled_by: UnitEntry
    supervised_by: UnitEntry
    plan: str
    result: str
    reason: str = ""
    changed_in: str = ""
    key: bool = False
    follow_ups: list[FollowUpEntry] = field(default_factory=list)
    date: dt.date | None = None


def responses_file(draft_dir: Path) -> Path:
    return draft_dir / FILE


# ------------------------------------------------------------------ reading


def load_responses(draft_dir: Path, draft: Draft, comments: list[Comment]
                   ) -> tuple[list[Response], list[Problem]]:
    """The draft's responses in file order, and every problem found (none if no file).

    ``comments``: the draft's comments (its store, or only the published ones): a response
    may answer a published comment or campaign only; any other id or campaign is an error.
    """
    path = responses_file(draft_dir)
    name = display_path(path, draft_dir.parent.parent)
    if not path.exists() and not path.is_symlink():
        return [], []
    if real := outside(path, allowed_roots(draft_dir.parent.parent)):
        return [], [Problem(name, 1, outside_message(real))]
    try:
        raw = read_bytes(path, MAX_FILE_BYTES)
    except Unreadable as exc:
        return [], [Problem(name, 1, str(exc))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [], [Problem(name, raw[: exc.start].count(b"\n") + 1,
                            f"not valid UTF-8 (byte {exc.start})")]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    try:
        doc = parse_yaml(text)
    except YamlProblem as exc:
        return [], [Problem(name, exc.line, exc.message)]
    if doc.data is None:  # an empty file (or only comments): no responses yet
        return [], []
    if not isinstance(doc.data, list):
        return [], [Problem(name, doc.first_line, "responses.yaml must be a list of responses, "
                                                  "each starting with `- id: ...`")]
    checker = _Checker(name, doc, draft, comments)
    found = [r for i, item in enumerate(doc.data) if (r := checker.entry(i, item))]
    return found, sorted(checker.problems)


def _entry_doc(doc: YamlDoc, index: int) -> YamlDoc:
    """Entry ``index`` as a document of its own, its keys' lines kept (for ``validate``)."""
    lines = {loc[1:]: line for loc, line in doc.lines.items() if loc[:1] == (index,)}
    return YamlDoc(doc.data[index], lines, doc.line_of((index,)))


@dataclass
class _Checker:
    """Checks entries one by one against the draft, remembering ids seen."""

    path: str
    doc: YamlDoc
    draft: Draft
    comments: list[Comment]
    problems: list[Problem] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)
    # comment id -> (the response that answers it, that line)
    answered: dict[str, tuple[str, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Only what the site shows can be answered there: published comments.
        shown = [c for c in self.comments if c.status == "published"]
        self.comment_ids = {c.id.upper(): c.id for c in shown}
        self.campaigns = {c.campaign_id for c in shown if c.campaign_id}
        self.versions = [v.slug for v in self.draft.versions]

    def line(self, loc: Location) -> int:
        return self.doc.line_of(loc)

    def error(self, loc: Location, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.path, self.line(loc), message, severity))  # type: ignore[arg-type]

    def entry(self, index: int, item: Any) -> Response | None:
        if not isinstance(item, dict):
            self.error((index,), f"response {index + 1}: should be a mapping of keys to values "
                                 "(id:, answers:, summary: ...)")
            return None
        value, problems = validate(_entry_doc(self.doc, index), ResponseEntry, self.path)
        ok = not problems
        self.problems += problems
        rid = item.get("id")
        if isinstance(rid, str | int) and not isinstance(rid, bool):
            ok &= self.check_id(index, str(rid).strip())
        if value is None:
            return None
        ok &= self.check_answers(index, value)
        ok &= self.check_values(index, value)
        if not ok:
            return None
        answers = value.answers
        return Response(
            id=value.id, line=self.line((index,)), summary=value.summary,
            handled_by=Unit(value.handled_by.unit, value.handled_by.person),
            supervised_by=Unit(value.supervised_by.unit, value.supervised_by.person),
            plan=value.plan, result=value.result, reason=value.reason,
            changed_in=value.changed_in, key=value.key,
            follow_ups=tuple(sorted((FollowUp(f.date, f.stage, f.by, f.note)
                                     for f in value.follow_ups), key=lambda f: f.date)),
            date=value.date,
            comments=tuple(self.comment_ids[c.upper()] for c in answers.comments),
            campaign=answers.campaign, provision=answers.provision)

    def check_id(self, index: int, rid: str) -> bool:
        loc = (index, "id")
        if not ID.match(rid):
            self.error(loc, f"response id {rid!r} may hold only letters, digits, '-' and '_' "
                            "(it is used in links)")
            return False
        if rid in self.ids:
            self.error(loc, f"duplicate response id {rid!r} (first at line {self.ids[rid]})")
            return False
        self.ids[rid] = self.line(loc)
        return True

    def check_answers(self, index: int, value: ResponseEntry) -> bool:
        answers, loc = value.answers, (index, "answers")
        given = [k for k in ANSWERS if getattr(answers, k)]
        if len(given) != 1:
            what = " and ".join(given) if given else "nothing"
            self.error(loc, f"answers: give exactly one of comments, campaign or provision "
                            f"(this gives {what})")
            return False
        ok = True
        if answers.comments:
            seen: set[str] = set()
            for i, cid in enumerate(answers.comments):
                key = cid.upper()
                if key not in self.comment_ids:
                    self.error((*loc, "comments", i), f"no published comment {cid!r} in "
                               f"{self.draft.slug}'s store"
                               f"{did_you_mean(cid, self.comment_ids.values())}")
                    ok = False
                elif key in seen:
                    self.error((*loc, "comments", i), f"comment {cid!r} is listed twice")
                    ok = False
                else:
                    seen.add(key)
                    self.note_answered(self.comment_ids[key], value.id, (*loc, "comments", i))
        elif answers.campaign and answers.campaign not in self.campaigns:
            hint = did_you_mean(answers.campaign, sorted(self.campaigns))
            self.error((*loc, "campaign"), f"no campaign {answers.campaign!r} among "
                       f"{self.draft.slug}'s published comments{hint}")
            ok = False
        elif answers.provision and answers.provision not in self.draft.current.index:
            known = list(self.draft.current.index)
            self.error((*loc, "provision"), f"no provision {answers.provision!r} in "
                       f"{self.draft.slug}'s current version {self.draft.current.slug}"
                       f"{did_you_mean(answers.provision, known)}")
            ok = False
        return ok

    def note_answered(self, comment_id: str, rid: str, loc: Location) -> None:
        """Warn when a comment is answered by two responses (the first counts)."""
        if comment_id in self.answered:
            other, line = self.answered[comment_id]
            self.error(loc, f"comment {comment_id!r} is also answered by {other!r} (line "
                            f"{line}): the first response answers it", "warning")
        else:
            self.answered[comment_id] = (rid, self.line(loc))

    def check_values(self, index: int, value: ResponseEntry) -> bool:
        ok = True
        if value.result not in RESULTS:
            self.error((index, "result"), f"result {value.result!r} is not one of "
                       f"{', '.join(RESULTS)}{did_you_mean(value.result, RESULTS)}")
            ok = False
        elif not value.reason and value.result not in NEEDS_NO_REASON:
            self.error((index, "result"), f"a response that is {value.result!r} needs its "
                                          "reason: add `reason: ...`")
            ok = False
        for key in ("summary", "plan"):
            if not getattr(value, key):
                self.error((index, key), f"{key} is empty")
                ok = False
        for key in ("handled_by", "supervised_by"):
            unit = getattr(value, key)
            for part in ("unit", "person"):
                if not getattr(unit, part):
                    self.error((index, key, part), f"{key}.{part} is empty")
                    ok = False
        if value.changed_in:
            ok &= self.check_version(index, value.changed_in)
        for i, follow in enumerate(value.follow_ups):
            if follow.stage not in STAGES:
                self.error((index, "follow_ups", i, "stage"), f"stage {follow.stage!r} is not "
                           f"one of {', '.join(STAGES)}{did_you_mean(follow.stage, STAGES)}")
                ok = False
            if not follow.by:
                self.error((index, "follow_ups", i, "by"), "follow_ups: `by` is empty")
                ok = False
        return ok

    def check_version(self, index: int, slug: str) -> bool:
        loc = (index, "changed_in")
        if slug not in self.versions:
            self.error(loc, f"no version {slug!r} in {self.draft.slug} (it has "
                            f"{', '.join(self.versions)}){did_you_mean(slug, self.versions)}")
            return False
        if slug == self.versions[0]:
            self.error(loc, f"changed_in names {slug!r}, the first version: there is no "
                            "earlier text to compare it with")
            return False
        return True
