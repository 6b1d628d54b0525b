"""The intake service's HTTP face, a Starlette application.

``POST /api/comments`` takes a submission from the comment form (HTML form or fetch) and
answers a browser with a redirect to its receipt, or a script with JSON; ``GET
/api/comments/{tracking}`` is the receipt; ``GET /api/health`` says it is up.  Every answer
to a refused submission is a 4xx with the reason.  ``docket serve`` mounts the
built site on the same origin (``serve/published.py``: only what the build published).

What it trusts of a request: nothing that names where it comes from. The client's address
is the connection's peer unless that is a proxy named in configuration (``proxies.py``); the
service's own origin is the address its socket was reached at, never the ``Host`` header
(which a DNS-rebinding page controls).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import threading
from collections.abc import AsyncIterator, Callable, Collection, Sequence
from datetime import UTC, datetime
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route

from .catalog import Catalog, LiveCatalog
from .forms import MULTIPART, URLENCODED, parse_form
from .pages import LANGUAGE_PARAM, Pages, language_of
from .proxies import client_address, networks
from .ratelimit import RateLimiter
from .ratings import REMARK_LIMIT, StoreNumbers, validate_rating
from .receipts import ReceiptSender
from .store import GroupWriter, Store
from .tracking import normalize
from .validate import Discarded, Rejection, Text, validate
from .validate import _ as N_

log = logging.getLogger("docket.intake")

ENDPOINT = "/api/comments"
RATINGS_ENDPOINT = "/api/ratings"
BODY_TIMEOUT = 60.0  # seconds a form may take to arrive, once its headers are in
SETTLE = 0.1  # seconds after a notice of changed drafts before they are read again
# Receipt lookups of numbers that do not exist, per client: (lookups, seconds). Tracking
# numbers have 40 random bits; this keeps guessing them to a few a minute from an address.
LOOKUP_MISSES = (20, 60)
DEFAULT_PORTS = {"http": 80, "https": 443}
LOOPBACK = ("127.0.0.1", "::1", "localhost")
# Our own pages run no script and load only our stylesheet.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


# The JSON answer's "error", for scripts; "message" is the sentence for people.
ERROR_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    408: "timeout",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    503: "unavailable",
}


class TooLarge(Exception):
    pass


def body_limit(max_chars: int) -> int:
    """Bytes a form may take: the longest comment in any script, percent-encoded, and more.
    A character takes up to four bytes in UTF-8 (emoji, CJK Extension B), twelve encoded."""
    return max_chars * 12 + 32 * 1024


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def own_origins(request: Request) -> set[str]:
    """The origins of the address this request reached the service at: the listening
    socket's (scope ``server``, ``scheme``), not the ``Host`` header; on loopback, every
    name of it (127.0.0.1, localhost, [::1])."""
    server = request.scope.get("server")
    if not server or server[1] is None:
        return set()
    host, port = str(server[0]), int(server[1])
    scheme = request.scope.get("scheme", "http")
    hosts = set(LOOPBACK) if host in LOOPBACK else {host}
    suffix = "" if DEFAULT_PORTS.get(scheme) == port else f":{port}"
    return {f"{scheme}://{f'[{h}]' if ':' in h else h}{suffix}" for h in hosts}


class Intake:
    """The service: the drafts it knows, the store it writes to, and its limits."""

    def __init__(
        self,
        root: Path,
        db: Path,
        clock: Callable[[], datetime] | None = None,
        settle: float = SETTLE,
        trusted_proxies: Sequence[str] = (),
        body_timeout: float = BODY_TIMEOUT,
        lookup_misses: tuple[int, int] = LOOKUP_MISSES,
        environ: dict[str, str] | None = None,
    ):
        self.root = root.resolve()
        self.live = LiveCatalog(self.root)  # raises ProblemsFound for a broken project
        catalog = self.live.catalog
        self.store = Store(db, catalog.settings.tracking_prefix, catalog.tz)
        self.writer: GroupWriter | None = None
        self.limiter = RateLimiter()
        self.lookups = RateLimiter()  # receipt lookups that found nothing
        self.lookup_misses = lookup_misses
        self.proxies = networks(trusted_proxies)  # ValueError for a malformed one
        self.body_timeout = body_timeout
        self.clock = clock or (lambda: datetime.now(UTC))
        self.pages = Pages(self.root, catalog)
        self.rating_limiter = RateLimiter()
        self.numbers = StoreNumbers(self.root)  # numbers a rating may name, besides ours
        # Receipts by email (with smtp: in site.yaml); ``environ`` holds the password.
        self.receipts = ReceiptSender(db, lambda: self.live.catalog, self.pages, self.clock,
                                      environ)
        self.settle = settle
        # Drafts written since the catalog was last brought up to date (None: any may have
        # been), told by whoever watches the files (``notice``), taken by ``_reload``.
        self._noticed: set[str] | None = set()
        self._noticed_lock = threading.Lock()
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        self.writer = GroupWriter(
            self.store, on_commit=lambda _: loop.call_soon_threadsafe(self.receipts.wake.set))
        with self._noticed_lock:
            self._loop, self._wake = loop, asyncio.Event()
            self._wake.set()  # whatever was noticed before the service started
        reloader = asyncio.create_task(self._reload())
        sender = asyncio.create_task(self.receipts.run())
        try:
            yield
        finally:
            reloader.cancel()
            sender.cancel()
            with self._noticed_lock:
                self._loop = None
            await asyncio.to_thread(self.writer.close)

    def notice(self, drafts: Collection[str] | None) -> None:
        """The files changed: these draft folders were written (None: anything may have
        been, site.yaml for one). Callable from any thread (a watcher's); the catalog is
        brought up to date shortly after, without a restart and without polling."""
        with self._noticed_lock:
            if drafts is None or self._noticed is None:
                self._noticed = None
            else:
                self._noticed.update(drafts)
            loop, wake = self._loop, self._wake
        if loop is not None and wake is not None and not loop.is_closed():
            loop.call_soon_threadsafe(wake.set)

    async def _reload(self) -> None:
        """Take new versions and deadlines when told of them (``notice``)."""
        assert self._wake is not None
        while True:
            await self._wake.wait()
            await asyncio.sleep(self.settle)  # a save is several writes: take them as one
            self._wake.clear()
            with self._noticed_lock:
                drafts, self._noticed = self._noticed, set()
            if drafts is not None and not drafts:
                continue
            try:
                await asyncio.to_thread(self._refresh, drafts)
            except Exception:  # a bug here must not stop the service taking comments
                log.exception("reloading the drafts failed")

    def _refresh(self, drafts: Collection[str] | None) -> None:
        """The catalog brought up to date; and for a change to anything but drafts (the
        theme's static files may have changed), the pages' fingerprinted assets too."""
        self.live.refresh(drafts)
        if drafts is None:
            self.pages = self.receipts.pages = Pages(self.root, self.live.catalog)

    def routes(self) -> list[Route]:
        return [
            Route(ENDPOINT, self.submit, methods=["POST", "OPTIONS"]),
            Route(ENDPOINT + "/{tracking}", self.receipt, methods=["GET"]),
            Route(RATINGS_ENDPOINT, self.rate, methods=["POST", "OPTIONS"]),
            Route("/api/health", self.health, methods=["GET"]),
        ]

    # ------------------------------------------------------------------ helpers

    def _prefix(self, request: Request, catalog: Catalog) -> str:
        """How links on our pages reach the site: relative to where the page is served."""
        if catalog.settings.endpoint.startswith("http"):
            return catalog.site.base_url
        return "../" * max(request.url.path.count("/") - 1, 0)

    def _origin_ok(self, origin: str, request: Request, catalog: Catalog) -> bool:
        origin = origin.strip().lower().rstrip("/")
        return origin != "null" and (origin in catalog.origins or origin in own_origins(request))

    def client(self, request: Request, catalog: Catalog) -> str:
        """The client's address, for rate limits only (see ``proxies.py``; never stored)."""
        peer = request.client.host if request.client else "unknown"
        return client_address(peer, request.headers.getlist("x-forwarded-for"),
                              self.proxies + catalog.proxies)

    def _language(self, request: Request, catalog: Catalog) -> str:
        """The reader's interface language: the form's ``?lang=``, if the site has it."""
        return language_of(request.query_params.get(LANGUAGE_PARAM), catalog)

    def _refuse(
        self, request: Request, catalog: Catalog, rejection: Rejection, headers: dict[str, str],
        not_found: bool = False, heading: Text | None = None,
    ) -> Response:
        language = self._language(request, catalog)
        if wants_json(request):
            body = {
                "error": ERROR_CODES.get(rejection.status, "refused"),
                "message": self.pages.text(catalog, language, rejection.message),
                "fields": {
                    name: self.pages.text(catalog, language, text)
                    for name, text in rejection.fields.items()
                },
            }
            return JSONResponse(body, rejection.status, headers=headers)
        html = self.pages.refusal(
            catalog, self._prefix(request, catalog), language, rejection, not_found, heading
        )
        return HTMLResponse(html, rejection.status, headers={**headers, **PAGE_HEADERS})

    # ------------------------------------------------------------------ routes

    async def submit(self, request: Request) -> Response:
        catalog = self.live.catalog
        headers = {"Vary": "Origin"}
        origin = request.headers.get("origin")
        if origin is not None:
            if not self._origin_ok(origin, request, catalog):
                return self._refuse(
                    request,
                    catalog,
                    Rejection(
                        403, Text(N_("Comments are accepted only from the site’s own pages."))
                    ),
                    headers,
                )
            headers["Access-Control-Allow-Origin"] = origin
        if request.method == "OPTIONS":
            return self._preflight(origin, headers)
        if catalog.rate:
            wait = self.limiter.check(self.client(request, catalog), *catalog.rate)
            if wait:
                headers["Retry-After"] = str(math.ceil(wait))
                return self._refuse(
                    request,
                    catalog,
                    Rejection(
                        429,
                        Text(
                            N_("Too many comments from your address in a short time: please "
                               "wait %(seconds)s seconds and send it again."),
                            {"seconds": math.ceil(wait)},
                        ),
                    ),
                    headers,
                )
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in (URLENCODED, MULTIPART):
            return self._refuse(
                request,
                catalog,
                Rejection(
                    415,
                    Text(
                        N_("Send the comment as a form (application/x-www-form-urlencoded or "
                           "multipart/form-data).")
                    ),
                ),
                headers,
            )
        limit = body_limit(catalog.settings.max_chars)
        try:
            async with asyncio.timeout(self.body_timeout):
                body = await read_body(request, limit)
            form = parse_form(request.headers["content-type"], body)
        except TimeoutError:
            # A body still arriving after this long is stalled (or a slow-loris holding the
            # connection and its buffers): answer and close.
            return self._refuse(
                request,
                catalog,
                Rejection(
                    408,
                    Text(
                        N_("The form took too long to arrive (over %(seconds)s seconds): "
                           "please send it again."),
                        {"seconds": math.ceil(self.body_timeout)},
                    ),
                ),
                {**headers, "Connection": "close"},
            )
        except TooLarge:
            return self._refuse(
                request,
                catalog,
                Rejection(
                    413,
                    Text(
                        N_("The form is too large (over %(size)s KiB): shorten the comment."),
                        {"size": limit // 1024},
                    ),
                ),
                headers,
            )
        except ClientDisconnect:
            return Response(status_code=400)
        except (ValueError, UnicodeDecodeError):
            return self._refuse(
                request,
                catalog,
                Rejection(
                    400, Text(N_("The form could not be read: send it as UTF-8 form fields."))
                ),
                headers,
            )

        verdict = validate(form, catalog, self.clock())
        if isinstance(verdict, Discarded):
            log.info("discarded a submission that filled the honeypot")
            if wants_json(request):
                return JSONResponse({"received": True}, 200, headers=headers)
            html = self.pages.receipt(
                catalog, self._prefix(request, catalog), self._language(request, catalog), None
            )
            return HTMLResponse(html, 200, headers={**headers, **PAGE_HEADERS})
        if isinstance(verdict, Rejection):
            return self._refuse(request, catalog, verdict, headers)
        assert self.writer is not None, "the service was started without its lifespan"
        # With a mail server configured, the receipt is queued with the comment, in the
        # reader's language; it is sent in the background (receipts.py).
        receipt_language = self._language(request, catalog) if catalog.site.smtp else None
        try:
            tracking = await self.writer.add(verdict, receipt_language)
        except Exception:
            log.exception("could not store a submission")
            headers["Retry-After"] = "5"
            return self._refuse(
                request,
                catalog,
                Rejection(
                    503,
                    Text(
                        N_("Your comment could not be stored just now: please send it again "
                           "in a minute.")
                    ),
                ),
                headers,
            )
        language = self._language(request, catalog)
        headers["Location"] = f"comments/{tracking}" + (
            f"?{LANGUAGE_PARAM}={language}" if language != catalog.site.language else ""
        )
        if wants_json(request):
            return JSONResponse(
                {
                    "tracking": tracking,
                    "received_at": verdict.received_at.isoformat(),
                    "draft": verdict.draft,
                    "version": verdict.version,
                    "provision": verdict.provision,
                    "late": verdict.late,
                },
                201,
                headers=headers,
            )
        return RedirectResponse(headers.pop("Location"), 303, headers=headers)

    def _preflight(self, origin: str | None, headers: dict[str, str]) -> Response:
        if origin is None:
            return Response(status_code=400, headers=headers)
        return Response(
            status_code=204,
            headers={
                **headers,
                "Access-Control-Allow-Methods": "POST",
                "Access-Control-Allow-Headers": "Content-Type, Accept",
                "Access-Control-Max-Age": "600",
            },
        )

    async def receipt(self, request: Request) -> Response:
        catalog = self.live.catalog
        client = self.client(request, catalog)
        wait = self.lookups.waiting(client, *self.lookup_misses)
        if wait:
            return self._refuse(
                request,
                catalog,
                Rejection(
                    429,
                    Text(
                        N_("Too many tracking numbers that do not exist were looked up from "
                           "your address: please wait %(seconds)s seconds and try again."),
                        {"seconds": math.ceil(wait)},
                    ),
                ),
                {"Retry-After": str(math.ceil(wait))},
                heading=Text(N_("Too many lookups")),
            )
        tracking = normalize(request.path_params["tracking"])
        stored = await asyncio.to_thread(self.store.get, tracking) if tracking else None
        if stored is None:
            self.lookups.check(client, *self.lookup_misses)  # a miss counts; a hit does not
            return self._refuse(
                request,
                catalog,
                Rejection(
                    404,
                    Text(
                        N_("There is no comment with the tracking number %(tracking)s. Check "
                           "the number: it is in the confirmation you were shown or sent."),
                        {"tracking": request.path_params["tracking"][:40]},
                    ),
                ),
                {},
                not_found=True,
            )
        if wants_json(request):
            return JSONResponse(
                {
                    "tracking": stored.tracking,
                    "received_at": stored.received_at.isoformat(),
                    "draft": stored.draft,
                    "provision": stored.provision,
                    "late": stored.late,
                },
                headers={"Cache-Control": "no-store"},
            )
        html = self.pages.receipt(
            catalog, self._prefix(request, catalog), self._language(request, catalog), stored
        )
        return HTMLResponse(html, headers=PAGE_HEADERS)

    async def rate(self, request: Request) -> Response:
        """``POST /api/ratings``: a commenter's rating of the response to their comment, from
        the lookup page. Refused like a comment: another origin, too many, not a form, too
        large, a number the service does not know (404), a rating not on the list (422)."""
        catalog = self.live.catalog
        headers = {"Vary": "Origin"}
        heading = Text(N_("Your rating was not sent"))

        def refuse(status: int, text: Text, extra: dict[str, str] | None = None,
                   fields: dict[str, Text] | None = None) -> Response:
            return self._refuse(request, catalog, Rejection(status, text, fields or {}),
                                {**headers, **(extra or {})}, heading=heading)

        origin = request.headers.get("origin")
        if origin is not None:
            if not self._origin_ok(origin, request, catalog):
                return refuse(403, Text(N_("Ratings are accepted only from the site’s own "
                                           "pages.")))
            headers["Access-Control-Allow-Origin"] = origin
        if request.method == "OPTIONS":
            return self._preflight(origin, headers)
        client = self.client(request, catalog)
        if catalog.rate:
            wait = self.rating_limiter.check(client, *catalog.rate)
            if wait:
                return refuse(429, Text(N_("Too many ratings from your address in a short "
                                           "time: please wait %(seconds)s seconds and send "
                                           "it again."), {"seconds": math.ceil(wait)}),
                              {"Retry-After": str(math.ceil(wait))})
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in (URLENCODED, MULTIPART):
            return refuse(415, Text(N_("Send the rating as a form (application/"
                                       "x-www-form-urlencoded or multipart/form-data).")))
        limit = body_limit(REMARK_LIMIT)
        try:
            async with asyncio.timeout(self.body_timeout):
                body = await read_body(request, limit)
            form = parse_form(request.headers["content-type"], body)
        except TimeoutError:
            return refuse(408, Text(N_("The form took too long to arrive (over %(seconds)s "
                                       "seconds): please send it again."),
                                    {"seconds": math.ceil(self.body_timeout)}),
                          {"Connection": "close"})
        except TooLarge:
            return refuse(413, Text(N_("The form is too large (over %(size)s KiB): shorten "
                                       "the remark."), {"size": limit // 1024}))
        except ClientDisconnect:
            return Response(status_code=400)
        except (ValueError, UnicodeDecodeError):
            return refuse(400, Text(N_("The form could not be read: send it as UTF-8 form "
                                       "fields.")))
        verdict = validate_rating(form, self.clock())
        if isinstance(verdict, Rejection):
            return self._refuse(request, catalog, verdict, headers, heading=heading)
        wait = self.lookups.waiting(client, *self.lookup_misses)
        if wait:
            return refuse(429, Text(N_("Too many tracking numbers that do not exist were "
                                       "looked up from your address: please wait "
                                       "%(seconds)s seconds and try again."),
                                    {"seconds": math.ceil(wait)}),
                          {"Retry-After": str(math.ceil(wait))})
        known = await asyncio.to_thread(self._known, verdict.tracking)
        if not known:
            self.lookups.check(client, *self.lookup_misses)  # guessing costs like a receipt
            return refuse(404, Text(N_("There is no comment with the tracking number "
                                       "%(tracking)s to rate. Check the number: it is in the "
                                       "confirmation you were shown or sent."),
                                    {"tracking": verdict.tracking[:40]}))
        try:
            await asyncio.to_thread(self.store.add_rating, verdict.tracking,
                                    verdict.received_at, verdict.rating, verdict.remark)
        except Exception:
            log.exception("could not store a rating")
            return refuse(503, Text(N_("Your rating could not be stored just now: please send "
                                       "it again in a minute.")), {"Retry-After": "5"})
        if wants_json(request):
            return JSONResponse({"tracking": verdict.tracking, "rating": verdict.rating,
                                 "received_at": verdict.received_at.isoformat()}, 201,
                                headers=headers)
        html = self.pages.rating_received(catalog, self._prefix(request, catalog),
                                          self._language(request, catalog))
        return HTMLResponse(html, 201, headers={**headers, **PAGE_HEADERS})

    def _known(self, tracking: str) -> bool:
        """A number this service handed out, or one in a draft's comment store."""
        return self.store.get(tracking) is not None or tracking in self.numbers

    async def health(self, request: Request) -> Response:
        return JSONResponse({"ok": True, "drafts": len(self.live.catalog.drafts)})


def create_app(
    root: Path,
    db: Path,
    clock: Callable[[], datetime] | None = None,
    trusted_proxies: Sequence[str] = (),
    body_timeout: float = BODY_TIMEOUT,
    environ: dict[str, str] | None = None,
) -> Starlette:
    """The intake service. ``trusted_proxies``: addresses or networks whose
    ``X-Forwarded-For`` is believed, besides those in site.yaml; ``environ``: where the mail
    password is read (the process's environment by default)."""
    intake = Intake(root, db, clock, trusted_proxies=trusted_proxies, body_timeout=body_timeout,
                    environ=environ)
    routes: list[Route | Mount] = list(intake.routes())
    app = Starlette(routes=routes, lifespan=intake.lifespan)
    app.state.intake = intake
    return app
