"""``regulations-gov``: a regulations.gov bulk download of a docket (the docket's
"Download" of its documents and comments: one CSV with about sixty columns, ``Document
ID``, ``Agency ID``, ``Docket ID``, ``Tracking Number``, ``Document Type``, ``Posted Date``,
``Is Withdrawn?``, ... ``Received Date``, ... ``First Name``, ``Last Name``, ``City``,
``State/Province``, ``Zip/Postal Code``, ``Country``, ``Organization Name``, ... ``Government
Agency Type``, ``Comment``, ``Category``, ... ``Attachment Files``, ...).

The download holds the agency's own documents too (the proposed rule, notices, supporting
material): only rows whose ``Document Type`` is ``Public Submission`` are comments. A
regulations.gov docket is not a Docket draft, so ``--draft`` names the draft the comments
are folded into. The names there are already public, so they are kept as consented;
the address parts are kept with the contact details, as every locality is.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..rows import NotComment, Row, Unreadable
from .tabular import fail, kind_of, read_csv

NAME = "regulations-gov"
TITLE = "regulations.gov (bulk download CSV)"
SUBMISSION = "public submission"
REQUIRED = ("Document ID", "Document Type", "Comment")


def read(ctx) -> Iterator[Row | NotComment | Unreadable]:
    kind = kind_of(ctx.path, ctx.shown)
    if kind != "csv":
        raise fail(ctx.shown, 1, f"not a regulations.gov bulk download (CSV); this is {kind}")
    headers, records = read_csv(ctx.path, ctx.shown)
    missing = [h for h in REQUIRED if h not in headers]
    if missing:
        raise fail(ctx.shown, 1, "not a regulations.gov bulk download: no "
                   f"{', '.join(repr(m) for m in missing)} column")
    for at, record in records:
        def cell(name: str, record: dict[str, str] = record) -> str:
            return (record.get(name) or "").strip()

        kind = cell("Document Type")
        if kind.lower() != SUBMISSION:
            yield NotComment(at, "line", f"a {kind or 'untyped'} document, not a public "
                             "submission")
            continue
        name = " ".join(p for p in (cell("First Name"), cell("Last Name")) if p)
        organization = cell("Organization Name") or cell("Government Agency")
        if cell("Government Agency Type") or cell("Government Agency"):
            respondent = "government"
        elif organization:
            respondent = "organisation"
        else:
            respondent = "individual"
        locality = ", ".join(p for p in (cell("City"), cell("State/Province"),
                                         cell("Zip/Postal Code"), cell("Country")) if p)
        files = [f.strip() for f in cell("Attachment Files").split(",") if f.strip()]
        values = {
            "received": cell("Received Date") or cell("Posted Date"),
            "tracking_number": cell("Tracking Number"),
            "name": name,
            "publish_name": bool(name),
            "organisation": organization,
            "respondent_type": respondent,
            "locality": locality,
            "comment": record.get("Comment") or "",
            "attachments": files,
            "withdrawn": cell("Is Withdrawn?").lower() in ("true", "yes", "1"),
        }
        source_id = cell("Document ID")
        if not source_id:
            yield Unreadable(at, "line", "no Document ID", dict(record))
            continue
        yield Row(at, "line", source_id, values, dict(record))
