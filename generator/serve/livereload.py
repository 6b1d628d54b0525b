"""Live reload for ``docket serve``: rebuild on every change, and tell open pages.

Three pieces, all only under ``serve`` (nothing here reaches the built site):

- ``Rebuilder`` hears of every write to ``drafts/``, ``templates/`` and ``site.yaml`` from
  the one watcher (``watch.py``) and runs one build per burst of saves (it waits until the
  files have been quiet for ``debounce`` seconds, or only ``settle`` seconds after a write
  that ends a save: ``watch.finishes``), told what the burst wrote. ``build`` renders aside
  and swaps ``site/``, so a half-built site is never served. A rebuild that finds nothing new
  to show (the files hash as what is shown) changes nothing and reloads no page.
- ``LiveState`` is what the pages are told: the epoch of the last good build, and the
  problems (``path:line: message``) of the last failed one.
- ``LiveReload`` wraps the ASGI app: it serves ``/__docket/events`` (server-sent events) and
  ``/__docket/livereload.js``, and adds that script to every HTML page it serves. The script
  reloads the page when a newer build is in, and shows the problems in an overlay while the
  last good pages stay served.
"""

from __future__ import annotations

import asyncio
import json
import logging
import mimetypes
import threading
import time
from collections.abc import Callable

from starlette.responses import RedirectResponse, Response, StreamingResponse

from ..problems import ProblemsFound
from .preview import Overlay
from .watch import EVERYTHING, NOTHING, Changes, Watcher

log = logging.getLogger("docket.serve")

PREFIX = "/__docket/"
KEEPALIVE = 15.0  # seconds between comments on an idle event stream
# Seconds to wait after a write that ends a save (``watch.finishes``) for the rest of its
# events: an editor's save in several steps (a backup renamed away, the file written and
# closed, the backup deleted) takes a millisecond or two between them.
SETTLE = 0.02

SCRIPT = r"""(function () {
  "use strict";
  var me = document.currentScript;
  var epoch = me ? me.getAttribute("data-epoch") : null;
  var overlay = null;
  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function show(problems) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "docket-problems";
    overlay.setAttribute("role", "alert");
    var s = overlay.style;
    s.position = "fixed"; s.left = "0"; s.right = "0"; s.bottom = "0"; s.zIndex = "2147483647";
    s.maxHeight = "50vh"; s.overflow = "auto"; s.margin = "0"; s.padding = "1em 1.5em";
    s.background = "#3b0d0c"; s.color = "#fff"; s.font = "14px/1.5 monospace";
    var title = document.createElement("strong");
    title.textContent = "The last change broke the build; these pages are the last good build.";
    overlay.appendChild(title);
    var list = document.createElement("ul");
    list.style.paddingLeft = "1.2em";
    problems.forEach(function (p) {
      var item = document.createElement("li");
      item.textContent = p;
      list.appendChild(item);
    });
    overlay.appendChild(list);
    document.body.appendChild(overlay);
  }
  var events = new EventSource("/__docket/events");
  events.addEventListener("state", function (e) {
    var state = JSON.parse(e.data);
    document.documentElement.setAttribute("data-docket-live", String(state.epoch));
    if (state.problems.length) { show(state.problems); return; }
    if (String(state.epoch) !== epoch) { location.reload(); return; }
    hide();
  });
})();
"""


class LiveState:
    """The last build's outcome, shared between the rebuild thread and the event streams."""

    def __init__(self) -> None:
        self.epoch = 0  # bumped by every good build
        self.problems: list[str] = []
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._changed: asyncio.Event | None = None
        self._closed = False

    def snapshot(self) -> dict:
        with self._lock:
            return {"epoch": self.epoch, "problems": list(self.problems)}

    def publish(self, problems: list[str]) -> None:
        """Record a build: a good one (no problems) is a new epoch; wake every stream."""
        with self._lock:
            if not problems:
                self.epoch += 1
            self.problems = problems
            loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake)

    def close(self) -> None:
        """End every event stream (the server is stopping)."""
        with self._lock:
            self._closed = True
            loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        if self._changed is not None:
            changed, self._changed = self._changed, asyncio.Event()
            changed.set()

    def changed(self) -> asyncio.Event:
        """An event set at the next publish (called from the server's loop)."""
        if self._changed is None:
            self._loop = asyncio.get_running_loop()
            self._changed = asyncio.Event()
        return self._changed

    async def stream(self):
        last = None
        while not self._closed:
            changed = self.changed()  # before the snapshot: a publish in between is not lost
            state = self.snapshot()
            if state != last:
                yield f"event: state\ndata: {json.dumps(state)}\n\n"
                last = state
            try:
                await asyncio.wait_for(changed.wait(), KEEPALIVE)
            except TimeoutError:
                yield ": keepalive\n\n"


def inject(html: bytes, epoch: int) -> bytes:
    tag = f'<script src="{PREFIX}livereload.js" data-epoch="{epoch}"></script>'.encode()
    at = html.rfind(b"</body>")
    return html + tag if at < 0 else html[:at] + tag + html[at:]


class LiveReload:
    """ASGI middleware: the live-reload routes, and the script added to each HTML page."""

    def __init__(self, app, state: LiveState, overlay: Callable[[], Overlay] | None = None):
        self.app = app
        self.state = state
        self.overlay = overlay  # pages rendered since the build on disk (preview.py)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path == PREFIX + "events":
            response = StreamingResponse(
                self.state.stream(), media_type="text/event-stream",
                headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
            await response(scope, receive, send)
            return
        if path == PREFIX + "livereload.js":
            response = Response(SCRIPT, media_type="text/javascript",
                                headers={"Cache-Control": "no-store"})
            await response(scope, receive, send)
            return
        if scope["method"] != "GET" or path.startswith("/api/"):
            await self.app(scope, receive, send)
            return
        # Pages carry the epoch they were served in: never answer 304 with an older one.
        scope = {**scope, "headers": [(k, v) for k, v in scope["headers"]
                                      if k not in (b"if-none-match", b"if-modified-since")]}
        epoch = self.state.snapshot()["epoch"]  # read first: a page is never older than it says
        start: dict | None = None
        chunks: list[bytes] = []

        async def send_injected(message):
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if headers.get(b"content-type", b"").startswith(b"text/html"):
                    start = message
                    return
            elif start is not None and message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = inject(b"".join(chunks), epoch)
                headers = [(k, v) for k, v in start.get("headers", [])
                           if k not in (b"content-length", b"etag", b"last-modified")]
                headers += [(b"content-length", str(len(body)).encode()),
                            (b"cache-control", b"no-store")]
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        if self.overlay is not None:
            overlay = self.overlay()
            if not path.endswith("/") and overlay.lookup(path + "/") != (False, None):
                # A folder only the overlay has (a draft just added): as StaticFiles would.
                await RedirectResponse(path + "/", status_code=307)(scope, receive, send)
                return
            found, body = overlay.lookup(path)
            if found:
                response = (Response(body, media_type=_media_type(path)) if body is not None
                            else Response(b"Not found: this page is gone since your last save.",
                                          status_code=404, media_type="text/plain"))
                await response(scope, receive, send_injected)
                return
        await self.app(scope, receive, send_injected)


def _media_type(path: str) -> str:
    if path.endswith("/"):
        return "text/html; charset=utf-8"
    guessed = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return guessed + ("; charset=utf-8" if guessed.startswith("text/") or
                      guessed.endswith(("json", "xml")) else "")


class Quiet:
    """Waits for a request followed by ``seconds`` without another: one call per burst."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._cond = threading.Condition()
        self._due: float | None = None  # when the wait ends, while a request is pending
        self.stopping = False

    def poke(self, seconds: float | None = None) -> None:
        """A request: the wait ends ``seconds`` (by default the quiet's own) after the
        latest one, however long the one before asked for."""
        with self._cond:
            self._due = time.monotonic() + (self.seconds if seconds is None else seconds)
            self._cond.notify_all()

    def stop(self) -> None:
        with self._cond:
            self.stopping = True
            self._cond.notify_all()

    def wait(self) -> bool:
        """Block until a burst of requests has ended; False once stopped."""
        with self._cond:
            while not self.stopping:
                if self._due is None:
                    self._cond.wait()
                    continue
                left = self._due - time.monotonic()
                if left <= 0:
                    self._due = None
                    return True
                self._cond.wait(left)
            return False


class Rebuilder:
    """Runs ``rebuild`` once per burst of changes the watcher reports, in its own thread.

    ``rebuild(changes)`` is handed everything written since the last one (``watch.Changes``)
    and raises ``ProblemsFound`` when the content is broken; either way the outcome goes to
    ``state``. It returns None when there is nothing new to show (a save of the same bytes,
    the second half of a save already shown): no new epoch, no page reloaded.

    A burst waits ``debounce`` seconds after its latest write, or ``settle`` (by default
    ``SETTLE``, at most the debounce) after a write that ends a save: the first save after
    a quiet spell is shown at once, and the rest of a burst is gathered as before.
    """

    def __init__(self, watcher: Watcher, rebuild: Callable[[Changes], object],
                 state: LiveState, debounce: float = 0.1,
                 announce: Callable[[str], None] | None = None, settle: float | None = None):
        self.watcher = watcher
        self.rebuild = rebuild
        self.state = state
        self.announce = announce or (lambda text: None)
        self.settle = min(SETTLE, debounce) if settle is None else settle
        self._quiet = Quiet(debounce)
        self._pending = NOTHING
        self._lock = threading.Lock()  # _pending: added to by the watcher, taken by the build
        self._thread = threading.Thread(target=self._run, name="docket-rebuild", daemon=True)
        watcher.listen(self.changed)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._quiet.stop()
        self._thread.join(timeout=30)

    def changed(self, changes: Changes) -> None:
        with self._lock:
            self._pending |= changes
        self._quiet.poke(self.settle if changes.finished else None)

    def _run(self) -> None:
        while self._quiet.wait():  # after a burst of saves has been quiet for ``debounce``
            with self._lock:
                changes, self._pending = self._pending, NOTHING
            self.build_once(changes)

    def build_once(self, changes: Changes = EVERYTHING) -> None:
        """One rebuild of what ``changes`` names (by default: anything may have changed)."""
        started = time.perf_counter()
        try:
            self.watcher.watch()
            result = self.rebuild(changes)
        except ProblemsFound as exc:
            problems = [str(p) for p in exc.problems if p.is_error]
            self.state.publish(problems or [str(p) for p in exc.problems])
            self.announce("Build failed; still serving the last good build:\n"
                          + "\n".join(problems))
            return
        except Exception as exc:  # a bug in Docket: keep serving, and say so
            log.exception("rebuild failed")
            self.state.publish([f"docket: internal error while building: {exc!r}"])
            return
        if result is None:  # nothing new: the pages shown are the files' (again)
            if self.state.snapshot()["problems"]:
                self.state.publish([])
            return
        self.state.publish([])
        summary = getattr(result, "summary", None)
        self.announce(result if isinstance(result, str) else summary() if callable(summary)
                      else f"Rebuilt in {time.perf_counter() - started:.2f} s")
