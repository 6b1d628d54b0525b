"""The intake service against hostile requests and careless deployment (issue 12).

Where the finding is about the real server (proxy headers, the access log, a stalled
upload), the service runs under uvicorn on a free loopback port, configured as ``docket
serve`` and ``docket intake`` configure it; each test is bounded in requests and time.
"""

from __future__ import annotations

import logging
import socket
import stat
import time
from pathlib import Path

import httpx2 as httpx
import pytest
import uvicorn
from starlette.testclient import TestClient

from generator.build.publish import private_dir
from generator.build.run import build
from generator.cli import main
from generator.intake.app import create_app
from generator.intake.proxies import client_address, networks
from generator.serve.published import with_intake
from generator.serve.server import server_config

from .commenting_project import NOW, make_project
from .servers import running
from .test_intake import GOOD, JSON, client_for, post, rows

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def served(root: Path, quiet: bool = True, log_addresses: bool = False, **options) -> uvicorn.Config:
    app = create_app(root, root / "comments.db", clock=lambda: NOW, **options)
    return server_config(app, "127.0.0.1", 0, quiet, log_addresses=log_addresses)


# ------------------------------------------------------------------ the database and site/


@pytest.mark.parametrize("command", ["serve", "intake"])
def test_a_database_inside_the_site_folder_is_refused(root, tmp_path, capsys, command):
    (root / "site").mkdir()
    assert main(["--root", str(root), command, "--port", "0",
                 "--db", str(root / "site" / "comments.db")]) == 2
    assert "must not be inside the site folder" in capsys.readouterr().err
    link = tmp_path / "elsewhere"
    link.symlink_to(root / "site")  # a path outside that leads in: refused all the same
    assert main(["--root", str(root), command, "--port", "0",
                 "--db", str(link / "comments.db")]) == 2
    assert "must not be inside the site folder" in capsys.readouterr().err
    assert not list((root / "site").iterdir())  # nothing built, nothing created


@pytest.mark.parametrize("command", ["serve", "intake"])
def test_a_port_another_server_holds_is_refused_before_anything_is_built(root, capsys,
                                                                         command):
    import socket

    with socket.socket() as other:  # another server, listening
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        assert main(["--root", str(root), command, "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err and "--port" in err
    assert not (root / "site").exists()  # said before the site is built


def test_the_database_and_its_journal_can_be_read_by_their_owner_only(client_of_root):
    client, root = client_of_root
    assert post(client).status_code == 201
    for name in ("comments.db", "comments.db-wal", "comments.db-shm"):
        assert stat.S_IMODE((root / name).stat().st_mode) == 0o600, name


@pytest.fixture
def client_of_root(root):
    with client_for(root) as client:
        yield client, root


def test_docket_serve_serves_only_what_the_build_published(root):
    build(root, now=NOW)
    site = root / "site"
    (site / "notes.txt").write_text("private notes", encoding="utf-8")
    (site / "drafts" / "comments.db-wal").write_bytes(b"WAL with emails")
    (site / ".env").write_text("SECRET=1", encoding="utf-8")
    search_doc = next(p for p in (private_dir(site) / ".docket-search").rglob("*") if p.is_file())
    app = with_intake(root, root / "comments.db", site, clock=lambda: NOW)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        for path in ("/", "/index.html", "/drafts/noise-open/", "/drafts/noise-open/comment/",
                     "/404.html"):
            assert client.get(path).status_code == 200, path
        for path in ("/notes.txt", "/drafts/comments.db-wal", "/.env", "/.docket-state",
                     "/.docket-build", "/" + search_doc.relative_to(private_dir(site)).as_posix(),
                     "/drafts/../.docket-state"):
            answer = client.get(path)
            assert answer.status_code == 404, path
            assert b"private notes" not in answer.content and b"WAL" not in answer.content


def test_a_served_site_follows_the_next_build(root):
    build(root, now=NOW)
    app = with_intake(root, root / "comments.db", root / "site", clock=lambda: NOW)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        assert client.get("/drafts/noise-new/").status_code == 404
        (root / "drafts" / "noise-new").mkdir()
        (root / "drafts" / "noise-new" / "draft.yaml").write_text("title: New\n")
        (root / "drafts" / "noise-new" / "versions").mkdir()
        (root / "drafts" / "noise-new" / "versions" / "01-introduced.md").write_text(
            (root / "drafts" / "noise-open" / "versions" / "01-introduced.md").read_text())
        build(root, now=NOW)
        assert client.get("/drafts/noise-new/").status_code == 200


def test_create_app_refuses_a_database_inside_the_site_it_serves(root):
    (root / "site").mkdir()
    with pytest.raises(ValueError, match="must not be inside the site"):
        with_intake(root, root / "site" / "comments.db", root / "site")


# ------------------------------------------------------------------ proxies and rate limits


def test_forwarded_addresses_are_believed_only_from_trusted_proxies(tmp_path):
    root = make_project(tmp_path / "p", "  provider: local\n  rate_limit: 3/minute\n")
    with running(served(root)) as url, httpx.Client(base_url=url) as http:
        answers = [http.post("/api/comments", data=GOOD,
                             headers={**JSON, "X-Forwarded-For": f"192.0.2.{i}"}).status_code
                   for i in range(5)]
        assert answers == [201, 201, 201, 429, 429]  # a loopback peer is not a proxy by default
    root = make_project(tmp_path / "q", "  provider: local\n  rate_limit: 3/minute\n"
                        "  trusted_proxies: [127.0.0.1]\n")
    with running(served(root)) as url, httpx.Client(base_url=url) as http:
        def send(forwarded: str) -> int:
            return http.post("/api/comments", data=GOOD,
                             headers={**JSON, "X-Forwarded-For": forwarded}).status_code

        # Behind the proxy, each reader has a limit of their own...
        assert [send(f"198.51.100.{i}") for i in range(5)] == [201] * 5
        # ...and what a reader writes left of the proxy's entry does not make a new one.
        assert [send(f"10.9.9.{i}, 203.0.113.9") for i in range(5)] == [201] * 3 + [429] * 2


def test_the_client_is_the_right_most_address_that_is_not_a_trusted_proxy():
    proxies = networks(["10.0.0.0/8", "::1"])
    assert client_address("192.0.2.1", ["203.0.113.5"], proxies) == "192.0.2.1"  # untrusted peer
    assert client_address("10.0.0.2", ["203.0.113.5"], proxies) == "203.0.113.5"
    assert client_address("10.0.0.2", ["1.1.1.1, 203.0.113.5, 10.0.0.9"], proxies) == \
        "203.0.113.5"
    assert client_address("::1", ["1.1.1.1", "203.0.113.5:4711"], proxies) == "203.0.113.5"
    assert client_address("::1", ["[2001:db8::7]:443"], proxies) == "2001:db8::7"
    assert client_address("10.0.0.2", ["garbage, 10.0.0.3"], proxies) == "garbage"
    assert client_address("10.0.0.2", [], proxies) == "10.0.0.2"
    assert client_address("127.0.0.1", ["203.0.113.5"], ()) == "127.0.0.1"


def test_trusted_proxies_must_be_addresses(tmp_path, capsys):
    root = make_project(tmp_path / "p", "  provider: local\n  trusted_proxies: [my-proxy]\n")
    assert main(["--root", str(root), "check"]) == 1
    assert "'my-proxy' is not an IP address or network" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["--root", str(root), "intake", "--trusted-proxy", "nope"])
    assert usage.value.code == 2


def test_receipt_lookups_that_find_nothing_are_throttled(client):
    tracking = post(client).json()["tracking"]
    assert all(client.get(f"/api/comments/{tracking}").status_code == 200 for _ in range(25))
    misses = [client.get(f"/api/comments/DKT-2026-AAAA-{i:04d}").status_code for i in range(20)]
    assert misses == [404] * 20
    refused = client.get("/api/comments/DKT-2026-AAAA-9999", headers=JSON)
    assert refused.status_code == 429 and refused.json()["error"] == "rate_limited"
    assert 0 < int(refused.headers["retry-after"]) <= 60
    assert client.get(f"/api/comments/{tracking}").status_code == 429  # guessing right is too
    page = client.get("/api/comments/DKT-2026-AAAA-9999")
    assert "<h1>Too many lookups</h1>" in page.text and "not sent" not in page.text


@pytest.fixture
def client(root):
    with client_for(root) as c:
        yield c


# ------------------------------------------------------------------ the access log


@pytest.mark.parametrize("addresses", [False, True])
def test_the_access_log_leaves_out_addresses_unless_asked(root, addresses):
    config = served(root, quiet=False, log_addresses=addresses)  # applies the log config
    access = logging.getLogger("uvicorn.access")
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(access.handlers[0].format(record))  # type: ignore[method-assign]
    access.addHandler(handler)
    try:
        with running(config) as url:
            tracking = httpx.post(url + "/api/comments", data=GOOD,
                                  headers=JSON).json()["tracking"]
            httpx.get(f"{url}/api/comments/{tracking}")
    finally:
        access.removeHandler(handler)
    assert any(f"GET /api/comments/{tracking} HTTP/1.1" in line for line in lines), lines
    assert any("127.0.0.1" in line for line in lines) is addresses, lines


# ------------------------------------------------------------------ a stalled upload


def test_a_body_that_stalls_is_answered_408_and_the_connection_closed(root):
    with running(served(root, body_timeout=0.3)) as url:
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"POST /api/comments HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         b"Content-Type: " + FORM.encode() + b"\r\nAccept: application/json\r\n"
                         b"Content-Length: 10000\r\n\r\ndraft=noise-open&comment=")
            started = time.monotonic()
            answer = b""
            while chunk := sock.recv(65536):  # until the server closes the connection
                answer += chunk
            waited = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]
    assert b"took too long to arrive" in answer
    assert 0.25 < waited < 3
    assert rows(root) == []


# ------------------------------------------------------------------ the service's origin


def test_the_services_own_origin_comes_from_its_address_not_the_host_header(client, root):
    rebound = {"Host": "evil.example:8000", "Origin": "http://evil.example:8000"}
    assert post(client, headers={**JSON, **rebound}).status_code == 403
    assert post(client, headers={**JSON, "Origin": "http://localhost:8000"}).status_code == 201
    assert post(client, headers={**JSON, "Origin": "http://127.0.0.1:8000"}).status_code == 201
    assert post(client, headers={**JSON, "Origin": "http://127.0.0.1:8001"}).status_code == 403
    assert len(rows(root)) == 2


# ------------------------------------------------------------------ what a field may hold


def multipart(fields: dict[str, bytes], boundary: str = "b0undary") -> bytes:
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
             + value + b"\r\n" for name, value in fields.items()]
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def test_invalid_utf8_is_refused_alike_in_both_encodings(client, root):
    fields = {k: v.encode() for k, v in GOOD.items()}
    fields["name"] = b"Ad\xe9 Park"  # Latin-1, not UTF-8
    answers = [
        client.post("/api/comments", content=multipart(fields), headers={
            **JSON, "Content-Type": "multipart/form-data; boundary=b0undary"}),
        client.post("/api/comments", content=b"&".join(
            k.encode() + b"=" + v.replace(b" ", b"+").replace(b"\xe9", b"%E9")
            .replace(b"\r\n", b"%0D%0A") for k, v in fields.items()),
            headers={**JSON, "Content-Type": FORM}),
    ]
    assert [a.status_code for a in answers] == [400, 400]
    assert answers[0].json() == answers[1].json()
    assert "UTF-8" in answers[0].json()["message"]
    latin = client.post("/api/comments", content=multipart({**fields, "name": b"Ada Park"}),
                        headers={**JSON, "Content-Type":
                                 "multipart/form-data; boundary=b0undary; charset=latin-1"})
    assert latin.status_code == 400
    good = client.post("/api/comments", content=multipart({**fields, "name": "Adé".encode()}),
                       headers={**JSON, "Content-Type": "multipart/form-data; boundary=b0undary"})
    assert good.status_code == 201
    assert [r["name"] for r in rows(root)] == ["Adé"]


def test_controls_and_bidi_overrides_are_stripped_and_joiners_kept(client, root):
    assert post(client, name="Ada\u202e kraP\u202c", organisation="Acme\u2066 Ltd\u2069\u200b",
                comment="Fine\x85 by me \U0001f469\u200d\U0001f4bb\u200f.").status_code == 201
    (row,) = rows(root)
    assert row["name"] == "Ada kraP"
    assert row["organisation"] == "Acme Ltd"
    assert row["comment"] == "Fine by me \U0001f469\u200d\U0001f4bb\u200f."


@pytest.mark.parametrize("blank", ["\u200b", "\u200d", "\u2060\ufeff", "\u3164", "\u202e \u202c",
                                   "\u00ad", "\u0301"])
def test_a_required_field_needs_visible_characters(client, root, blank):
    answer = post(client, name=blank, comment=blank)
    assert answer.status_code == 422
    assert answer.json()["fields"]["name"] == "Enter your full name"
    assert answer.json()["fields"]["comment"] == "Enter your comment"
    assert rows(root) == []
