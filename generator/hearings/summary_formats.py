"""``docket summary --format md|html|json``: one :class:`Summary`, three ways to print it.

Labels are in the draft's language (a Chinese draft's summary is labelled in Chinese), from
the interface catalogs. What a commenter wrote (quotes, campaign letters, organisation names)
is text in every format: escaped in HTML by the template, backslash-escaped in Markdown so
that no renderer turns it into a link, an image or markup; JSON carries it as strings.
"""

from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment

from ..render.environment import Assets
from .handling_formats import evaluation_data, handled_data, handled_markdown, satisfaction_markdown
from .summary import POSITIONS, Summary
from .wording import Labels, interface_language, md_text, table, when

FORMAT = "docket-summary/1"


# ---------------------------------------------------------------- JSON


def _keyed(pairs: list[tuple[str, int]]) -> dict[str, int]:
    return {key or "not_stated": count for key, count in pairs}


def as_data(summary: Summary) -> dict[str, Any]:
    """The summary as JSON values (``docket summary --format json``)."""
    t = summary.totals
    return {
        "format": FORMAT,
        "draft": summary.slug,
        "title": summary.title,
        "number": summary.number,
        "language": summary.language,
        "version": {"slug": summary.version_slug, "label": summary.version},
        "hearing": None if summary.hearing is None else {
            "id": summary.hearing.id, "date": when(summary.hearing.date)},
        "received_before": when(summary.until),
        "totals": {
            "received": t.received, "unique": t.unique, "published": t.published,
            "pending": t.pending, "rejected": t.rejected, "withdrawn": t.withdrawn,
            "late": t.late, "counted": t.counted, "campaigns": t.campaigns,
            "in_campaigns": t.in_campaigns, "campaign_sizes": t.campaign_sizes,
        },
        "by_position": _keyed(summary.by_position),
        "by_respondent_type": _keyed(summary.by_respondent),
        "by_provision": [
            {"provision": row.provision_id, "citation": row.citation, "note": row.note,
             "comments": row.comments, "support": row.support, "oppose": row.oppose,
             "neutral": row.neutral, "mixed": row.mixed, "not_stated": row.not_stated,
             "campaigns": row.campaigns, "in_campaigns": row.in_campaigns,
             "quotes": [{"comment": q.comment_id, "text": q.text, "name": q.name,
                         "organisation": q.organization, "respondent_type": q.respondent_type,
                         "position": q.position, "campaign": q.campaign_id,
                         "campaign_count": q.campaign_count} for q in row.quotes]}
            for row in summary.by_provision
        ],
        "campaigns": [
            {"campaign": c.id, "count": c.count, "published": c.published, "text": c.text,
             "representative": c.representative, "positions": _keyed(c.positions),
             "provisions": c.provisions} for c in summary.campaigns
        ],
        "organisations": [
            {"name": o.name, "comments": o.comments, "positions": _keyed(o.positions)}
            for o in summary.organisations
        ],
        "responses": {
            "count": len(summary.responses), "answered": summary.answered,
            "by_result": dict(summary.response_results),
            "items": [handled_data(h) for h in summary.responses],
        },
        "satisfaction": None if summary.satisfaction is None else
        evaluation_data(summary.satisfaction),
        "thresholds": {"handle_again": summary.thresholds.handle_again,
                       "report_publicly": summary.thresholds.report_publicly},
    }


def as_json(summary: Summary) -> str:
    return json.dumps(as_data(summary), ensure_ascii=False, indent=2)


# ---------------------------------------------------------------- Markdown

def as_markdown(summary: Summary, env: Environment) -> str:
    """The summary as a Markdown document, labelled in the draft's language."""
    words = Labels(summary.language)
    _ = words.gettext
    colon = words.punct.colon
    t = summary.totals
    out = [f"# {_('Summary of comments')}{colon}{md_text(summary.title)}", ""]
    about = [md_text(summary.number)] if summary.number else []
    about.append(_("Text considered: %(version)s") % {"version": md_text(summary.version)})
    if summary.hearing is not None:
        when = env.filters["moment"](summary.hearing.date)
        about.append(_("comments received before the hearing of %(date)s")
                     % {"date": md_text(when)})
    else:
        about.append(_("every comment received"))
    out += [words.punct.comma.join(about), ""]

    out += [f"## {_('Totals')}", ""]
    sizes = words.punct.series.join(str(n) for n in t.campaign_sizes)
    out += table([_("Comments"), _("Count")], [
        [_("Received in all"), str(t.received)],
        [_("Unique (each campaign counted once)"), str(t.unique)],
        [_("Campaigns"), str(t.campaigns)],
        [_("Comments in campaigns"), str(t.in_campaigns)],
        [_("Campaign sizes"), sizes or "–"],
        [_("Published"), str(t.published)],
        [_("Pending moderation"), str(t.pending)],
        [_("Rejected"), str(t.rejected)],
        [_("Withdrawn"), str(t.withdrawn)],
        [_("Late"), str(t.late)],
    ])
    out += ["", _("The breakdowns below count the %(count)s comments pending or published "
                  "(rejected and withdrawn ones are left out).") % {"count": t.counted}, ""]

    out += [f"## {_('By position')}", ""]
    out += table([_("Position"), _("Comments")],
                  [[words.position(k), str(n)] for k, n in summary.by_position])
    out += ["", f"## {_('By respondent type')}", ""]
    out += table([_("Respondent type"), _("Comments")],
                  [[md_text(words.respondent(k)), str(n)] for k, n in summary.by_respondent])
    out += ["", f"## {_('By provision')}", ""]
    if not summary.by_provision:
        out += [_("No comment is pending or published."), ""]
    else:
        rows = [[_row_name(row, words), str(row.comments), str(row.support), str(row.oppose),
                 str(row.neutral), str(row.mixed), str(row.not_stated), str(row.campaigns)]
                for row in summary.by_provision]
        out += table([_("Provision"), _("Comments"), *(words.position(p) for p in POSITIONS),
                      _("Campaigns")], rows)
        out += [""]

    quoted = [row for row in summary.by_provision if row.quotes]
    out += [f"## {_('What commenters said')}", ""]
    if not quoted:
        out += [_("No comment has been published yet."), ""]
    for row in quoted:
        out += [f"### {_row_name(row, words)}", ""]
        for q in row.quotes:
            out += [f"> {md_text(q.text)}", ">", f"> — {md_text(_quote_source(q, words))}", ""]

    out += [f"## {_('Campaigns')}", ""]
    if not summary.campaigns:
        out += [_("No campaign (the same letter sent by many)."), ""]
    for c in summary.campaigns:
        count = words.ngettext("%(num)s comment", "%(num)s comments", c.count) % {"num": c.count}
        out += [f"### {c.id}{words.punct.aside(count)}", ""]
        on = words.punct.series.join(md_text(p) if p else _("The draft as a whole")
                                     for p in c.provisions)
        positions = words.punct.series.join(f"{words.position(k)} {n}" for k, n in c.positions)
        facts = [_("Published: %(count)s") % {"count": c.published}]
        if on:
            facts.append(_("On: %(provisions)s") % {"provisions": on})
        if positions:
            facts.append(_("Positions: %(positions)s") % {"positions": positions})
        out += [words.punct.series.join(facts), ""]
        out += [f"> {md_text(c.text)}" if c.text else
                _("None of its letters is published yet."), ""]

    out += [f"## {_('Organisations that commented')}", ""]
    if summary.organisations:
        rows = [[md_text(o.name), str(o.comments), words.punct.series.join(
            f"{words.position(k)} {n}" for k, n in o.positions)] for o in summary.organisations]
        out += table([_("Organisation"), _("Comments"), _("Positions")], rows, text=(0, 2))
    else:
        out += [_("No published comment names an organisation.")]
    out += ["", f"## {_('Responses')}", ""]
    if summary.responses:
        out += [words.ngettext("%(num)s response", "%(num)s responses", len(summary.responses))
                % {"num": len(summary.responses)} + words.punct.comma
                + words.ngettext("answering %(num)s of the published comments",
                                 "answering %(num)s of the published comments",
                                 summary.answered) % {"num": summary.answered}, ""]
        out += table([_("Result"), _("Responses")],
                     [[words.result(k), str(n)] for k, n in summary.response_results])
        out += [""]
        for h in summary.responses:
            out += handled_markdown(h, words, env)
        out += [f"## {_('Satisfaction of the authors')}", ""]
        out += [*satisfaction_markdown(summary.satisfaction, words, env), ""]
    else:
        out += [_("No response has been given yet."), ""]
    return "\n".join(out)


def _row_name(row, words: Labels) -> str:
    if row.whole:
        return words.gettext("The draft as a whole")
    name = md_text(row.citation)
    if row.note == "repealed since":
        return name + words.punct.aside(words.gettext("since removed"))
    if row.note:
        return name + words.punct.aside(words.gettext("not in the text"))
    return name


def _quote_source(q, words: Labels) -> str:
    _ = words.gettext
    if q.campaign_id:
        who = words.ngettext("campaign %(campaign)s of %(num)s comment",
                             "campaign %(campaign)s of %(num)s comments",
                             q.campaign_count) % {"campaign": q.campaign_id,
                                                  "num": q.campaign_count}
    else:
        who = q.name or q.organization or _("Anonymous")
        if q.name and q.organization:
            who += words.punct.aside(q.organization)
        if q.respondent_type:
            who += words.punct.comma + words.respondent(q.respondent_type)
    if q.position:
        who += words.punct.comma + words.position(q.position)
    return who


# ---------------------------------------------------------------- HTML


def as_html(summary: Summary, env: Environment, assets: Assets) -> str:
    """A standalone page (``templates/summary.html``, the theme's stylesheets inlined)."""
    css = "\n".join(assets.sources[name].read_text(encoding="utf-8")
                    for name in ("style.css", "records.css"))
    return env.get_template("summary.html").render(
        summary=summary, stylesheet=css, lang=interface_language(summary.language))
