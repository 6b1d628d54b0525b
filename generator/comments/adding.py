"""``docket comments add``: testimony received by post, email, phone or at a hearing.

Staff type it in (or give it as options); it becomes a :class:`Row` and goes through the
very rules an import applies (``normalise.judge``), so a letter is held to the same
validation, redaction (the text as received kept privately), then moderation and
campaigns, as a web comment. Its ``source`` is the channel
it came by (``post``, ``email``, ``hearing``, ``phone``, ``other``) and its source id a hash
of what was entered, so the same letter entered twice is refused as already present.

Attached files (a scanned letter, a hearing handout) are copied into
``drafts/<slug>/comments/attachments/<ID>/`` and listed in the record; they are copied
before the record is committed, so an interruption can leave files without a record (an
``add`` run again puts them back in place), never a record without its files.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem, ProblemsFound, UsageError
from ..provisions.citation import citations
from .ids import content_id
from .listing import load_project_draft
from .normalise import Rules, judge
from .record import Comment, comment_to_json, contact_to_json
from .redaction import propose
from .rows import Row
from .store import (
    Transaction,
    as_line,
    comments_file,
    contacts_file,
    lines_of,
    locked,
    merged,
    originals_file,
    stage_format,
)

CHANNELS = ("post", "email", "hearing", "phone", "other")
ATTACHMENTS = "attachments"


@dataclass
class Testimony:
    """What staff entered (names as the import's fields: ``rows.FIELDS``)."""

    channel: str
    received: str
    text: str
    name: str = ""
    organisation: str = ""
    respondent_type: str = ""
    position: str = ""
    provision: str = ""  # an id (sec_2__subsec_a) or a citation (Sec. 2(a), 第十一条第一款)
    version: str = ""
    email: str = ""
    phone: str = ""
    street_address: str = ""
    publish_name: bool = False
    attach: list[Path] = field(default_factory=list)


def _squash(text: str) -> str:
    return re.sub(r"[\s.§]+", "", text).lower().replace("section", "sec")


def provision_id(draft_versions: list, version_slug: str, given: str) -> str:
    """The id ``given`` names in the version: itself if an id, else by its citation."""
    if not given:
        return ""
    version = next((v for v in draft_versions if v.slug == version_slug), draft_versions[-1])
    if given in version.index:
        return given
    cites = citations(version)
    wanted = _squash(given)
    for pid, cite in cites.items():
        if _squash(cite) == wanted:
            return pid
    raise UsageError(f"--provision {given!r}: no such provision in {version.slug} "
                     f"(cite it as the text does, e.g. {next(iter(cites.values()), 'Sec. 1')!r})")


def add(root: Path, slug: str, entry: Testimony) -> Comment:
    """Validate ``entry`` and add it to ``slug``'s store; ProblemsFound if it cannot be."""
    if entry.channel not in CHANNELS:
        raise UsageError(f"--channel {entry.channel!r}: one of {', '.join(CHANNELS)}")
    for path in entry.attach:
        if not path.is_file():
            raise UsageError(f"--attach {path}: no such file")
    project, draft = load_project_draft(root, slug)
    drafts = {d.slug: d for d in project.drafts}
    if entry.version and entry.version not in {v.slug for v in draft.versions}:
        raise UsageError(f"--version {entry.version!r}: {slug} has "
                         f"{', '.join(v.slug for v in draft.versions)}")
    values = {
        "draft": slug, "version": entry.version,
        "provision": provision_id(draft.versions, entry.version or draft.current.slug,
                                  entry.provision),
        "name": entry.name, "organisation": entry.organisation,
        "respondent_type": entry.respondent_type, "position": entry.position,
        "comment": entry.text, "received": entry.received, "email": entry.email,
        "phone": entry.phone, "street_address": entry.street_address,
        "publish_name": entry.publish_name,
        "attachments": [p.name for p in entry.attach],
    }
    source_id = content_id({k: str(v) for k, v in values.items()} | {"channel": entry.channel})
    settings = vars(project.config.comments)
    rules = Rules(drafts, slug, project.config.tz,
                  str(settings.get("tracking_prefix") or "DKT"), entry.channel,
                  project.config.language)
    shown = f"{slug} (entered by hand)"
    with locked(root):
        ids: set[str] = set()
        for other in drafts:
            for _, _, value in lines_of(comments_file(root, other), root):
                if (value.get("source"), value.get("source_id")) == (entry.channel, source_id):
                    raise ProblemsFound([Problem(shown, 0, f"already in the store as "
                                                 f"{value.get('id')}: nothing was added")])
                ids.add(str(value.get("id", "")))
        verdict = judge(Row(0, "item", source_id, values), rules, ids.__contains__)
        if isinstance(verdict, str):
            raise ProblemsFound([Problem(shown, 0, f"not added: it {verdict}")])
        comment, contact = verdict
        original = propose(comment, rules.markers(slug))
        if entry.attach:
            folder = comments_file(root, slug).parent / ATTACHMENTS / comment.id
            folder.mkdir(parents=True, exist_ok=True)
            names = []
            for path in entry.attach:
                name = _safe_name(path.name, names)
                shutil.copyfile(path, folder / name)
                names.append(name)
            comment.attachments = [f"{ATTACHMENTS}/{comment.id}/{n}" for n in names]
        transaction = Transaction(root)
        public = comments_file(root, slug)
        transaction.stage(public, merged(public, root,
                                         [(comment.id, as_line(comment_to_json(comment)))]))
        if not contact.is_empty():
            private = contacts_file(root, slug)
            transaction.stage(private, merged(private, root,
                                              [(comment.id, as_line(contact_to_json(contact)))]))
        if original is not None:
            texts = originals_file(root, slug)
            transaction.stage(texts, merged(texts, root, [(comment.id, as_line(
                {"id": comment.id, "comment": original}))]))
        stage_format(root, transaction, slug)
        transaction.commit()
    return comment


def _safe_name(name: str, taken: list[str]) -> str:
    """A file name that stays in its folder and is unique there."""
    base = re.sub(r"[^\w.\- ]+", "_", name).strip(" .") or "attachment"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        stem, dot, ext = base.rpartition(".")
        candidate = f"{stem}-{n}.{ext}" if dot else f"{base}-{n}"
    return candidate
