"""Hearing pages: each hearing's packet as a page of the site and as a PDF, and the hearings
as calendar files.

- ``drafts/<slug>/hearings/<id>/``: the packet as a web page, in each interface language;
- ``drafts/<slug>/hearings/<id>/packet.pdf``: the same packet printed (WeasyPrint), once, in
  the draft's own language (a Chinese draft's packet has Chinese labels whatever the
  reader's interface), shared by every interface language like the open data;
- ``drafts/<slug>/hearings.ics`` and ``hearings.ics``: the draft's hearings, and every
  draft's, for a calendar program.

Only drafts with hearings get these outputs: a draft without one costs nothing here. The PDF
is an output like any page (``Page.pdf``): its key covers its template and everything that
template includes (the print stylesheet too), the draft's files (comments included) and where
the build's clock stands against the hearing, so an unchanged build prints no packet, and
printing, which takes seconds, happens in the build's render processes with the draft's
other pages.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import partial

from markupsafe import Markup

from ..hearings.calendar import calendar, hearing_event
from ..hearings.packet import Packet, dated_hearings, make_packet, print_language
from ..i18n import known, translations
from ..model import Draft, Hearing, Project
from .comments_pages import Summary
from .feeds import authority
from .page import DraftStatus, Page

PDF_NAME = "packet.pdf"
SITE_CALENDAR = "hearings.ics"


def css_string(text: str) -> str:
    """``text`` as a CSS string literal, safe inside a <style> element (no ``</style>``)."""
    escaped = "".join(f"\\{ord(ch):x} " if ch in '\\"<>\n\r' else ch for ch in text)
    return f'"{escaped}"'


def css_page_of(label: str) -> Markup:
    """A translated "Page \x01 of \x02" as CSS ``content``: its words around the page
    counters, for the PDF's footer in the packet's language."""
    parts: list[str] = []
    for piece in re.split("([\x01\x02])", label):
        if piece == "\x01":
            parts.append("counter(page)")
        elif piece == "\x02":
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_string(piece))
    return Markup(" ".join(parts) or '""')


def packet_path(draft: Draft, hearing: Hearing) -> str:
    """The packet's page (site-relative folder)."""
    return f"drafts/{draft.slug}/hearings/{hearing.id}/"


def pdf_path(draft: Draft, hearing: Hearing) -> str:
    return packet_path(draft, hearing) + PDF_NAME


def calendar_path(draft: Draft) -> str:
    return f"drafts/{draft.slug}/{SITE_CALENDAR}"


def packets(project: Project, status: DraftStatus, summary: Summary | None, comparisons: dict,
            now: datetime) -> list[Packet]:
    """The packets of one draft's dated hearings; ``comparisons``: the draft's pre-rendered
    redlines by ``old..new`` (the packet's redline is one of them, computed once)."""
    made = []
    for hearing in dated_hearings(status.draft):
        packet = make_packet(status.draft, hearing, project.config, summary, now, project.root)
        if packet.previous is not None:
            packet.comparison = comparisons.get(f"{packet.previous.slug}..{packet.version.slug}")
        made.append(packet)
    return made


def packet_pages(project: Project, status: DraftStatus, found: list[Packet]) -> list[Page]:
    """The pages of one draft's packets: each as a web page and a PDF, and its calendar."""
    draft = status.draft
    if not found:
        return []
    pages: list[Page] = []
    printed_in = print_language(draft, project.config)
    for packet in found:
        context = {"draft": draft, "status": status, "packet": packet,
                   "pdf_path": pdf_path(draft, packet.hearing)}
        pages.append(Page(packet_path(draft, packet.hearing) + "index.html", "packet.html",
                          context, draft=draft))
        pages.append(Page(pdf_path(draft, packet.hearing), "packet_print.html", context,
                          language=printed_in, draft=draft, pdf=True))
    pages.append(Page(calendar_path(draft), "", {"draft": draft},
                      data=partial(draft_calendar, project, draft), draft=draft))
    return pages


def hearing_title(draft: Draft, hearing: Hearing, language: str) -> str:
    """What a calendar calls a hearing, in the draft's language."""
    gettext = translations(language).gettext if known(language) else (lambda m: m)
    title = f"{draft.meta.number} {draft.meta.title}".strip()
    return gettext("Hearing: %(title)s") % {"title": title}


def _events(project: Project, draft: Draft) -> list:
    config = project.config
    language = print_language(draft, config)
    host = authority(config.base_url)
    return [hearing_event(draft, h, config.tz, host, hearing_title(draft, h, language),
                          config.base_url + packet_path(draft, h))
            for h in dated_hearings(draft)]


def draft_calendar(project: Project, draft: Draft) -> str:
    """``drafts/<slug>/hearings.ics``."""
    return calendar(_events(project, draft), draft.meta.title)


def site_calendar(project: Project) -> str:
    """``hearings.ics``: every draft's hearings."""
    title = project.config.for_language(project.config.language).title
    return calendar([e for d in project.drafts for e in _events(project, d)], str(title))


def site_calendar_page(project: Project) -> list[Page]:
    if not any(dated_hearings(d) for d in project.drafts):
        return []
    return [Page(SITE_CALENDAR, "", {}, data=partial(site_calendar, project))]
