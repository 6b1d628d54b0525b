"""``docket comments respond SLUG``: start a response in responses.yaml for staff to finish.

The file stays the source of truth: this only appends one entry, with what the command was
told (what it answers, the suggestion's summary, who handles and supervises it) and the
rest left empty, and ``docket check`` then says what is still missing, at its line. What it
answers is checked first (published comments, a campaign among them, a provision of the
current text, cited as the text does), so the entry starts out pointing at real things.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..comments.adding import provision_id
from ..comments.listing import load_project_draft
from ..comments.published import published
from ..content.yamlsource import YamlProblem, parse_yaml
from ..problems import UsageError
from .load import ID, responses_file


@dataclass
class Skeleton:
    """What ``respond`` was told; empty strings are left for staff to fill in."""

    comments: list[str] = field(default_factory=list)
    campaign: str = ""
    provision: str = ""  # an id or a citation of the current text
    id: str = ""
    summary: str = ""
    handled_unit: str = ""
    handled_person: str = ""
    supervised_unit: str = ""
    supervised_person: str = ""


def _flow(value: object) -> str:
    """A value as YAML writes it on one line (quoted when it must be)."""
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True,
                          width=10_000).strip().removesuffix("...").strip()


def respond(root: Path, slug: str, wanted: Skeleton) -> tuple[str, Path]:
    """Append a skeleton entry to the draft's responses.yaml; (its id, the file)."""
    _, draft = load_project_draft(root, slug)
    given = [bool(wanted.comments), bool(wanted.campaign), bool(wanted.provision)]
    if sum(given) != 1:
        raise UsageError("name what the response answers: comment ids, --campaign or "
                         "--provision (one of them)")
    comments = published(root, slug)
    ids = {c.id.upper(): c for c in comments}
    if wanted.comments:
        unknown = [c for c in wanted.comments if c.upper() not in ids]
        if unknown:
            raise UsageError(f"no published comment {', '.join(unknown)} in {slug}'s store")
        answers = {"comments": [ids[c.upper()].id for c in wanted.comments]}
    elif wanted.campaign:
        if wanted.campaign not in {c.campaign_id for c in comments if c.campaign_id}:
            raise UsageError(f"no campaign {wanted.campaign!r} among {slug}'s published "
                             "comments")
        answers = {"campaign": wanted.campaign}
    else:
        answers = {"provision": provision_id(draft.versions, draft.current.slug,
                                             wanted.provision)}
    path = responses_file(draft.path)
    taken = _ids_in(path)
    rid = wanted.id or next(f"r-{n}" for n in range(len(taken) + 1, len(taken) + 2 + 10**6)
                            if f"r-{n}" not in taken)
    if not ID.match(rid):
        raise UsageError(f"--id {rid!r}: letters, digits, '-' and '_' only (it is used in links)")
    if rid in taken:
        raise UsageError(f"--id {rid!r}: {slug} already has a response with that id")
    summary = wanted.summary or (
        " ".join(ids[wanted.comments[0].upper()].comment.split())[:120] if wanted.comments
        else "")
    entry = "\n".join([
        f"- id: {_flow(rid)}",
        f"  answers: {_flow(answers)}",
        f"  summary: {_flow(summary)}",
        f"  handled_by: {_flow({'unit': wanted.handled_unit, 'person': wanted.handled_person})}",
        f"  supervised_by: {_flow({'unit': wanted.supervised_unit, 'person': wanted.supervised_person})}",  # noqa: E501
        "  plan: ''",
        "  result: in-progress",
        "  follow_ups: []",
    ]) + "\n"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    path.write_text(text + entry, encoding="utf-8")
    return rid, path


def _ids_in(path: Path) -> set[str]:
    """The ids the file already gives (entries with problems too; none if it is unreadable:
    ``docket check`` says why)."""
    try:
        data = parse_yaml(path.read_text(encoding="utf-8")).data if path.exists() else None
    except (YamlProblem, UnicodeDecodeError, OSError):
        return set()
    if not isinstance(data, list):
        return set()
    return {str(v.get("id")) for v in data if isinstance(v, dict)}
