"""Stores written before imports redacted, brought up to date the first time they are used.

Until this version an import wrote a comment's text as received into the public line,
contact details inside it included, and redacted only when the comment was published. Now
the import hides those spans at once (``redaction.propose``). A store written the old way
is upgraded under the store's lock, before anything reads it: every comment not yet
published and with no redaction recorded is redacted as an import would, its text as
received moved to ``.docket-private/<slug>/originals.jsonl``, in one transaction; nothing is
lost (the original is kept, and a moderator can still undo each span). Published comments
are left exactly as the moderator decided them.

Whether a store is up to date is remembered in ``.docket-private/<slug>/format.jsonl``, so
the pass over a large store runs once. A clone without ``.docket-private/`` runs it once
too and changes nothing: a line already redacted, or with nothing to hide, is kept as it is.
"""

from __future__ import annotations

from pathlib import Path

from .record import comment_from_json, comment_to_json
from .redaction import interface_language, markers, propose
from .store import Transaction, as_line, lines_of, merged, originals_file, private_dir

FORMAT = "format.jsonl"
CURRENT = {"format": "docket-comment-store/2", "redacted": "at import"}


def format_file(root: Path, slug: str) -> Path:
    return private_dir(root) / slug / FORMAT


def stage_format(root: Path, transaction: Transaction, slug: str) -> None:
    """Record in ``transaction`` that ``slug``'s store is in the current format (an import or
    an ``add`` that writes a new store)."""
    if not format_file(root, slug).exists():
        transaction.stage(format_file(root, slug), [as_line(CURRENT)])


def draft_markers(root: Path, slug: str) -> dict[str, str]:
    """The redaction markers of ``slug``: in its interface language (English if the project
    cannot be read, which ``docket check`` reports)."""
    from ..content.loader import load_project

    loaded = load_project(root, parse=False)
    if loaded.project is None:
        return markers()
    config = loaded.project.config
    draft = next((d for d in loaded.project.drafts if d.slug == slug), None)
    language = draft.meta.language if draft is not None else None
    return markers(interface_language(language, config.language))


def upgrade(root: Path) -> list[str]:
    """Upgrade every draft's store not yet in the current format; the slugs upgraded.
    Call with the store's lock held."""
    done = []
    for public in sorted(root.glob("drafts/*/comments/comments.jsonl")):
        slug = public.parent.parent.name
        if format_file(root, slug).exists():
            continue
        shown: dict[str, str] | None = None
        lines: list[str] = []
        originals: list[tuple[str, str]] = []
        for _, line, value in lines_of(public, root):
            if value.get("status") == "published" or value.get("redactions"):
                lines.append(line)
                continue
            try:
                comment = comment_from_json(value)
            except (KeyError, TypeError, ValueError, AttributeError):
                lines.append(line)  # a hand-edited line: read_comments reports it
                continue
            shown = shown or draft_markers(root, slug)
            original = propose(comment, shown)
            if original is None:
                lines.append(line)
                continue
            originals.append((comment.id, as_line({"id": comment.id, "comment": original})))
            lines.append(as_line(comment_to_json(comment)))
        transaction = Transaction(root)
        if originals:
            transaction.stage(public, lines)
            private = originals_file(root, slug)
            known = {str(v.get("id", "")) for _, _, v in lines_of(private, root)}
            transaction.stage(private, merged(private, root,
                                              [o for o in originals if o[0] not in known]))
        stage_format(root, transaction, slug)
        transaction.commit()
        done.append(slug)
    return done
