"""``docket comments notify SLUG``: tell each commenter whose comment was answered.

Every comment a response answers (``responses.answers.answered_comments``), whose author
gave an email address (the private contacts, ``.docket-private/<slug>/contacts.jsonl``), gets
one short message in the draft's language: the result, a link to the response on the
responses page, and a link to the lookup page with the number in the address's fragment
(``lookup/#DKT-...``: never sent to a server, so never in an access log), where the rating
form is.

**Once.** What was sent is appended to ``.docket-private/<slug>/notified.jsonl`` (private:
it pairs numbers with addresses), one line per message, written and flushed right after the
mail server took it; a run reads it first and sends only what is not in it. A comment is
told again only if another response comes to answer it. A run stopped by a refused login or
a mail server that goes away has marked exactly what was sent.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from ..i18n import translations
from ..mail import message, send_all
from ..model import Draft, SiteConfig
from ..problems import ProblemsFound, UsageError
from ..render.languages import prefix as language_prefix
from ..render.lookup import LOOKUP_PAGE, response_url
from ..responses.answers import answered_comments
from ..responses.load import load_responses
from ..responses.model import Response
from .record import utc_text
from .store import make_private, private_dir, read_comments, read_contacts

SENT_LOG = "notified.jsonl"
_ = str  # marks the messages for extraction (``make messages``); translated below


def sent_log(root: Path, slug: str) -> Path:
    return private_dir(root) / slug / SENT_LOG


@dataclass(frozen=True)
class Notice:
    comment_id: str
    response: Response
    email: str
    mail: EmailMessage

    @property
    def key(self) -> str:
        return f"{self.comment_id} {self.response.id}"


def already_sent(root: Path, slug: str) -> set[str]:
    path = sent_log(root, slug)
    if not path.exists():
        return set()
    found = set()
    with open(path, encoding="utf-8") as file:
        for line in file:
            try:
                value = json.loads(line)
                found.add(f"{value['comment_id']} {value['response_id']}")
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a crash: that message counts as not sent
    return found


def interface_language(config: SiteConfig, draft: Draft) -> str:
    """The draft's language if the site is built in it, else the site's."""
    wanted = draft.meta.language or config.language
    return wanted if wanted in (config.languages or [config.language]) else config.language


RESULTS = {
    "accepted": _("accepted"),
    "partly-accepted": _("partly accepted"),
    "not-accepted": _("not accepted"),
    "noted": _("noted"),
    "in-progress": _("in progress"),
}


def notice_text(config: SiteConfig, draft: Draft, number: str, response: Response,
                language: str) -> tuple[str, str]:
    """(subject, body) of one notice, in ``language``."""
    gettext = translations(language).gettext
    base = config.base_url + language_prefix(language, config)
    site = config.for_language(language)
    title = draft.meta.title
    result = gettext(RESULTS.get(response.result, response.result))
    lines = [
        gettext(_("Your comment %(number)s on “%(title)s” has been answered.")) % {
            "number": number, "title": title},
        "",
        gettext(_("Result: %(result)s")) % {"result": result},
        response.summary,
        "",
        gettext(_("Read the response:")),
        base + response_url(draft, response),
        "",
        gettext(_("Tell us whether you are satisfied with how your comment was handled:")),
        f"{base}{LOOKUP_PAGE}#{number}",
        "",
        "-- ",
        str(site.body or site.title),
    ]
    subject = gettext(_("The response to your comment on “%(title)s”")) % {"title": title}
    return subject, "\n".join(lines) + "\n"


def notices(root: Path, config: SiteConfig, draft: Draft) -> tuple[list[Notice], int]:
    """The notices still to send for ``draft``, and how many were sent before."""
    comments = read_comments(root, draft.slug)
    responses, problems = load_responses(draft.path, draft, comments)
    if any(p.is_error for p in problems):
        raise ProblemsFound(problems)
    answered = answered_comments(responses, comments)
    contacts = read_contacts(root, draft.slug)
    done = already_sent(root, draft.slug)
    language = interface_language(config, draft)
    found: list[Notice] = []
    skipped = 0
    smtp = config.smtp
    for comment in comments:
        response = answered.get(comment.id)
        contact = contacts.get(comment.id)
        if response is None or contact is None or not contact.email:
            continue
        if f"{comment.id} {response.id}" in done:
            skipped += 1
            continue
        number = comment.tracking_number or comment.id
        subject, body = notice_text(config, draft, number, response, language)
        if smtp is not None:
            mail = message(smtp, contact.email, subject, body)
        else:  # nothing to send it through yet: what a dry run shows
            mail = EmailMessage()
            mail["Subject"] = subject
        found.append(Notice(comment.id, response, contact.email, mail))
    return found, skipped


def send_notices(root: Path, config: SiteConfig, draft: Draft, items: list[Notice],
                 progress: Callable[[int, int], None],
                 environ: dict[str, str] | None = None) -> tuple[int, list[tuple[str, str]]]:
    """Send ``items``, logging each as it is taken; (sent, [(comment id, why refused)]).
    Raises ``mail.LoginRefused`` or ``mail.Unreachable`` (what was sent stays logged)."""
    if config.smtp is None:
        raise UsageError("site.yaml has no smtp: section (the mail server to send through)")
    make_private(root)
    path = sent_log(root, draft.slug)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    by_key = {n.key: n for n in items}
    sent = 0
    refused: list[tuple[str, str]] = []
    with open(path, "a", encoding="utf-8") as log:

        def mark(key: str) -> None:
            nonlocal sent
            notice = by_key[key]
            log.write(json.dumps({"comment_id": notice.comment_id,
                                  "response_id": notice.response.id, "email": notice.email,
                                  "sent_at": utc_text(datetime.now(UTC))},
                                 ensure_ascii=False) + "\n")
            log.flush()
            os.fsync(log.fileno())
            sent += 1
            progress(sent, len(items))

        def mails() -> Iterator[tuple[str, EmailMessage]]:
            for notice in items:
                yield notice.key, notice.mail

        send_all(config.smtp, mails(), mark,
                 lambda key, why: refused.append((by_key[key].comment_id, why)), environ)
    return sent, refused
