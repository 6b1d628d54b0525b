"""``docket packet``: one hearing's packet printed to PDF outside a build, with the same
templates, the same data and the same printing a build uses (``render/packets.py``), so the
file a clerk prints is the one the site offers for download."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..comments.listing import load_project_draft
from ..comments.published import published
from ..content.loader import text_problems
from ..inputfiles import allowed_roots
from ..model import Project
from ..problems import ProblemsFound, UsageError, has_errors
from ..render.comments_pages import summarise
from ..render.environment import Assets
from ..render.output import interfaces, page_text
from ..render.packets import pdf_path
from ..render.page import Page, draft_status
from ..render.pages import Comparison
from ..theme import template_dirs
from .packet import Packet, make_packet, print_language


def print_report(root: Path, project: Project, report: Any) -> bytes:
    """The handling report (``hearings.report.Report``) printed to PDF, in the site's
    language, with the packets' paged-media stylesheet (``report_print.html``)."""
    config = project.config
    assets = Assets.collect(template_dirs(root), allowed_roots(root, config.allow_outside_root))
    if has_errors(assets.problems):
        raise ProblemsFound(assets.problems)
    envs = interfaces(root, config, assets)
    page = Page("report.pdf", "report_print.html", {"report": report, "lang": config.language},
                pdf=True)
    pdf = page_text(envs, config, datetime.now(config.tz), page)
    assert isinstance(pdf, bytes)
    return pdf


@dataclass
class Printed:
    packet: Packet
    pdf: bytes


def print_packet(root: Path, slug: str, hearing_id: str, now: datetime | None) -> Printed:
    """The packet of hearing ``hearing_id`` of draft ``slug`` as of ``now``; UsageError for a
    draft or hearing the project does not have, ProblemsFound for a draft with errors."""
    project, draft = load_project_draft(root, slug)
    config = project.config
    hearings = {h.id: h for h in draft.meta.hearings}
    if hearing_id not in hearings:
        raise UsageError(f"draft {slug!r} has no hearing {hearing_id!r} (it has: "
                         f"{', '.join(hearings) or 'none'})")
    tz = config.tz
    now = now or datetime.now(tz)
    if now.tzinfo is None:  # a bare --now means the site's local time
        now = now.replace(tzinfo=tz)
    problems = text_problems(draft)
    if has_errors(problems):
        raise ProblemsFound(problems)
    comments = published(root, slug)
    summary = summarise(draft, comments) if comments else None
    packet = make_packet(draft, hearings[hearing_id], config, summary, now, root)
    if packet.previous is not None:
        packet.comparison = Comparison(draft, packet.previous, packet.version)
    assets = Assets.collect(template_dirs(root), allowed_roots(root, config.allow_outside_root))
    if has_errors(assets.problems):
        raise ProblemsFound(assets.problems)
    language = print_language(draft, config)
    envs = interfaces(root, config, assets, extra=[language])
    status = draft_status(draft, now, config.tz)
    page = Page(pdf_path(draft, packet.hearing), "packet_print.html",
                {"draft": draft, "status": status, "packet": packet,
                 "pdf_path": pdf_path(draft, packet.hearing)},
                language=language, draft=draft, pdf=True)
    pdf = page_text(envs, config, now, page)
    assert isinstance(pdf, bytes)
    return Printed(packet, pdf)
