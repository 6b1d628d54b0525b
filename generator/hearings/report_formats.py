"""``docket report --format md|html|json``: the handling report printed three ways, labelled
in the site's language (HTML: ``templates/report.html`` around ``_handling_report.html``,
which a site page or a PDF can use as well)."""

from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment

from ..render.environment import Assets
from .handling_formats import (
    evaluation_data,
    handled_data,
    handled_markdown,
    satisfaction_data,
    satisfaction_markdown,
)
from .report import Report
from .wording import Labels, md_text, table

FORMAT = "docket-handling-report/1"


def as_data(report: Report) -> dict[str, Any]:
    t = report.totals
    return {
        "format": FORMAT,
        "since": report.since.isoformat() if report.since else None,
        "until": report.until.isoformat() if report.until else None,
        "thresholds": {"handle_again": report.thresholds.handle_again,
                       "report_publicly": report.thresholds.report_publicly},
        "totals": {
            "drafts": t.drafts, "responses": t.responses, "by_result": dict(t.by_result),
            "suggestions": t.suggestions, "comments": t.comments, "key": t.key,
            "closer_supervision": t.closer, "follow_ups": t.follow_ups,
            "follow_ups_by_stage": dict(t.by_stage),
            "satisfaction": {**satisfaction_data(t.satisfaction), "marks": list(t.marks)},
            "report_publicly": t.report_publicly, "handle_again": t.handle_again,
        },
        "below_thresholds": [
            {"draft": f.draft.slug, "response": f.handled.response.id,
             "mark": "report-publicly" if f.report_publicly else "handle-again"}
            for f in report.flagged
        ],
        "drafts": [
            {"draft": d.slug, "title": d.title, "number": d.number, "language": d.language,
             "by_result": dict(d.results),
             "satisfaction": evaluation_data(d.overall) if d.overall else None,
             "responses": [handled_data(h) for h in d.handled]}
            for d in report.drafts
        ],
    }


def as_json(report: Report) -> str:
    return json.dumps(as_data(report), ensure_ascii=False, indent=2)


def period(report: Report, words: Labels, env: Environment) -> str:
    """"from 1 November 2026 to 30 November 2026", or as much of it as was given."""
    _ = words.gettext
    day = env.filters["day"]
    if report.since and report.until:
        return _("from %(since)s to %(until)s") % {"since": day(report.since),
                                                    "until": day(report.until)}
    if report.since:
        return _("from %(since)s") % {"since": day(report.since)}
    if report.until:
        return _("up to %(until)s") % {"until": day(report.until)}
    return _("every response")


def as_markdown(report: Report, env: Environment) -> str:
    words = Labels(report.language)
    _ = words.gettext
    colon = words.punct.colon
    t = report.totals
    out = [f"# {_('How suggestions were handled')}{colon}{period(report, words, env)}", ""]
    if report.body or report.title:
        out += [md_text(report.body or report.title), ""]
    out += [f"## {_('Totals')}", ""]
    out += table([_("Responses"), _("Count")], [
        [_("Drafts"), str(t.drafts)],
        [_("Responses"), str(t.responses)],
        *[[words.result(k), str(n)] for k, n in t.by_result],
        [_("Suggestions answered (each campaign once)"), str(t.suggestions)],
        [_("Published comments answered"), str(t.comments)],
        [_("Key suggestions"), str(t.key)],
        [_("Under closer supervision"), str(t.closer)],
        [_("Follow-ups in the period"), str(t.follow_ups)],
        *[[words.stage(k), str(n)] for k, n in t.by_stage],
        [_("Ratings in the period"), str(t.satisfaction.ratings)],
        [_("Satisfaction rate"), (f"{t.satisfaction.percent} %" if t.satisfaction.ratings
                                  else "–")],
        [_("To be reported publicly"), str(t.report_publicly)],
        [_("To be handled again"), str(t.handle_again)],
    ])
    out += [""]
    out += [f"## {_('Below the thresholds')}", ""]
    out += [_("Fewer than %(percent)s %% of their authors are satisfied: to be reported "
              "publicly.") % {"percent": f"{report.thresholds.report_publicly:g}"},
            _("Fewer than %(percent)s %% of their authors are satisfied: to be handled again.")
            % {"percent": f"{report.thresholds.handle_again:g}"}, ""]
    if not report.flagged:
        out += [_("No response is below the thresholds."), ""]
    for f in report.flagged:
        out += [f"### {md_text(f.draft.title)}", ""]
        out += handled_markdown(f.handled, words, env, level=4)
    flagged = {(f.draft.slug, f.handled.response.id) for f in report.flagged}
    for d in report.drafts:
        title = md_text(d.title) + (words.punct.aside(md_text(d.number)) if d.number else "")
        out += [f"## {title}", ""]
        results = [[words.result(k), str(n)] for k, n in d.results]
        out += [*table([_("Result"), _("Responses")], results), ""]
        if d.overall is not None:
            out += [*satisfaction_markdown(d.overall, words, env), ""]
        for h in d.handled:
            if (d.slug, h.response.id) in flagged:
                out += [f"### {md_text(h.response.summary)}", "",
                        _("Listed above, below the thresholds."), ""]
            else:
                out += handled_markdown(h, words, env)
    return "\n".join(out)


def as_html(report: Report, env: Environment, assets: Assets) -> str:
    """A standalone page (``templates/report.html``, the theme's stylesheets inlined)."""
    css = "\n".join(assets.sources[name].read_text(encoding="utf-8")
                    for name in ("style.css", "records.css"))
    return env.get_template("report.html").render(report=report, stylesheet=css,
                                                  lang=report.language)
