"""A handled response and a satisfaction evaluation as JSON values and as Markdown, shared by
the summary of comments and the handling report (their HTML is ``templates/_handling.html``).
What staff typed in responses.yaml is escaped in Markdown like what commenters typed."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from ..responses.satisfaction import Evaluation, Satisfaction
from .handling import Handled
from .wording import Labels, md_text, table


def satisfaction_data(s: Satisfaction) -> dict[str, Any]:
    rate = s.rate
    return {"ratings": s.ratings, "satisfied": s.satisfied, "basically_satisfied": s.basically,
            "dissatisfied": s.dissatisfied,
            "satisfaction_rate": None if rate is None else round(rate, 4)}


def evaluation_data(e: Evaluation) -> dict[str, Any]:
    """Overall (each author's latest rating) and per round, with the marks of each."""
    return {
        **satisfaction_data(e.satisfaction), "marks": list(e.marks),
        "rounds": [{"round": c.round.id, "run_by": c.round.run_by,
                    "opens": c.round.opens.isoformat(), "closes": c.round.closes.isoformat(),
                    **satisfaction_data(c.satisfaction), "marks": list(c.marks)}
                   for c in e.rounds],
    }


def handled_data(h: Handled) -> dict[str, Any]:
    """One response with its six elements, follow-ups and satisfaction."""
    r = h.response
    return {
        "id": r.id, "citation": h.citation, "answers": r.answers,
        "suggested_by": [{"comment": a.comment_id, "name": a.name,
                          "organisation": a.organisation} for a in h.authors],
        "campaigns": [{"id": c.id, "size": c.size} for c in h.campaigns],
        "comments": h.comments, "suggestions": h.suggestions, "summary": r.summary,
        "handled_by": {"unit": r.handled_by.unit, "person": r.handled_by.person},
        "supervised_by": {"unit": r.supervised_by.unit, "person": r.supervised_by.person},
        "plan": r.plan, "result": r.result, "reason": r.reason, "changed_in": r.changed_in,
        "key": r.key, "closer_supervision": h.closer,
        "date": r.date.isoformat() if r.date else None,
        "follow_ups": [{"date": f.date.isoformat(), "stage": f.stage, "by": f.by,
                        "note": f.note} for f in r.follow_ups],
        "satisfaction": evaluation_data(h.evaluation),
    }


def rate(s: Satisfaction, words: Labels) -> str:
    if not s.ratings:
        return words.gettext("No ratings yet")
    return (words.gettext("%(percent)s %% satisfied") % {"percent": s.percent}
            + words.punct.aside(words.ngettext("%(num)s rating", "%(num)s ratings", s.ratings)
                                % {"num": s.ratings}))


def marks(e: Any, words: Labels) -> str:
    """The marks of an evaluation (or a round's count), as words after its rate."""
    _ = words.gettext
    found = [_("To be reported publicly")] if e.report_publicly else []
    found += [_("To be handled again")] if e.handle_again else []
    return "".join(f" **{m}**" for m in found)


def handled_markdown(h: Handled, words: Labels, env: Environment, level: int = 3) -> list[str]:
    """One response as a Markdown section: its six elements as a list, then its
    follow-ups."""
    _ = words.gettext
    r = h.response
    colon, comma = words.punct.colon, words.punct.comma
    day = env.filters["day"]
    tags = [words.result(r.result)]
    if r.key:
        tags.append(_("Key suggestion"))
    if h.closer:
        tags.append(_("Under closer supervision"))
    out = [f"{'#' * level} {md_text(r.summary)}", "",
           words.punct.series.join(tags) + marks(h.evaluation, words), ""]
    who = [words.ngettext("A campaign (%(campaign)s): one suggestion, sent by %(num)s person",
                          "A campaign (%(campaign)s): one suggestion, sent by %(num)s people",
                          c.size) % {"campaign": c.id, "num": c.size} for c in h.campaigns]
    who += [md_text(a.name + words.punct.aside(a.organisation) if a.name and a.organisation
                    else a.name or a.organisation or _("Anonymous")) for a in h.authors]
    if not who:
        who = [_("No published comment yet")]
    count = words.ngettext("%(num)s suggestion", "%(num)s suggestions",
                           h.suggestions) % {"num": h.suggestions}
    if r.date:
        count += " · " + _("Answered %(day)s") % {"day": day(r.date)}
    about = md_text(h.citation) if h.citation else _("The draft as a whole")
    result = words.result(r.result) + (colon + md_text(r.reason) if r.reason else "")
    out += [
        f"- {_('The suggestion and who made it')}{colon}{about}{comma}{comma.join(who)} ({count})",
        f"- {_('Handled by')}{colon}{md_text(r.handled_by.unit)}{comma}"
        f"{md_text(r.handled_by.person)}",
        f"- {_('Supervised by')}{colon}{md_text(r.supervised_by.unit)}{comma}"
        f"{md_text(r.supervised_by.person)}",
        f"- {_('Plan')}{colon}{md_text(r.plan)}",
        f"- {_('Result')}{colon}{result}",
        f"- {_('Satisfaction')}{colon}{rate(h.evaluation.satisfaction, words)}"
        + marks(h.evaluation, words),
    ]
    out += [f"  - {md_text(c.round.run_by)}{colon}{rate(c.satisfaction, words)}"
            + marks(c, words) for c in h.evaluation.rounds]
    if r.follow_ups:
        out += ["", f"{_('Follow-ups with the authors')}{colon}".rstrip(), ""]
        out += [f"1. {day(f.date)} · {words.stage(f.stage)} · {md_text(f.by)}"
                + (colon + md_text(f.note) if f.note else "") for f in r.follow_ups]
    return [*out, ""]


def satisfaction_markdown(e: Evaluation, words: Labels, env: Environment) -> list[str]:
    """The satisfaction table: each rating round, then overall."""
    _ = words.gettext
    day = env.filters["day"]

    def cells(s: Satisfaction, marked: Any) -> list[str]:
        shown = f"{s.percent} %" if s.ratings else "–"
        return [str(s.ratings), str(s.satisfied), str(s.basically), str(s.dissatisfied),
                shown + marks(marked, words)]

    rows = [[md_text(_("%(by)s, %(opens)s to %(closes)s") % {
        "by": c.round.run_by, "opens": day(c.round.opens), "closes": day(c.round.closes)}),
        *cells(c.satisfaction, c)] for c in e.rounds]
    rows.append([_("Overall (each author's latest rating)"), *cells(e.satisfaction, e)])
    return table([_("Round of rating"), _("Ratings"), _("Satisfied"), _("Basically satisfied"),
                  _("Dissatisfied"), _("Satisfaction rate")], rows)
