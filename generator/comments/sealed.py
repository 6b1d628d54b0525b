"""Records a commenter opens with their tracking number, and nobody opens without one.

The lookup page (``lookup/``) tells a commenter what became of their comment: received,
published, rejected and why, answered and how. The site is static, so the answer has to be
in files anyone can download; what keeps it the commenter's own is that each record is
*sealed* with a key only the tracking number gives:

- ``master = PBKDF2-HMAC-SHA256(number, salt, ITERATIONS, 32 bytes)``: deliberately slow, so
  trying numbers offline costs what it costs the browser (tens of milliseconds each) rather
  than a nanosecond. The salt is the site's (``docket-lookup/1 <host of base_url>``), so one
  table of precomputed numbers does not serve two sites.
- ``name = HMAC-SHA256(master, "docket-lookup name")``, first 16 bytes in hex: the record's
  name in its file. A name shows a record exists, never whose or what.
- ``key = HMAC-SHA256(master, "docket-lookup key")``: the AES-256-GCM key of the record.
  The nonce is ``HMAC-SHA256(key, plaintext)``'s first 12 bytes (as in SIV): the same record
  seals to the same bytes, so builds are reproducible, and a record that changes gets a new
  nonce, so no nonce is ever used twice with one key. The name is the associated data: a
  record moved under another name does not open.
- Records are grouped in files by the name's first few hex digits (how many depends on the
  draft's number of comments: ``render/lookup.py``), ``data/<slug>/lookup/<shard>.json``,
  so a reader downloads a small file per draft, not the whole docket, and the files list no
  number.

The browser does the same with WebCrypto (``templates/static/lookup.js``): PBKDF2, two HMACs,
then AES-GCM decrypt. What this protects and what it does not is in the README ("Looking up a
comment").

Deriving 100,000 rounds costs about 20 ms a number in Python; derived keys are kept in
``.docket-cache/lookup-keys.sqlite`` (git-ignored, like the rest of the cache), so a build
derives only the numbers it has not seen.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

FORMAT = "docket-lookup/1"
ITERATIONS = 100_000
NAME_INFO = b"docket-lookup name"
KEY_INFO = b"docket-lookup key"
CACHE_FILE = "lookup-keys.sqlite"
CONFUSED = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def salt_of(base_url: str) -> str:
    """The site's salt: the format and the host the site is published at."""
    return f"{FORMAT} {urlsplit(base_url).netloc.lower()}"


def normal_number(text: str) -> str:
    """A tracking number as it is sealed: upper case, spaces as hyphens, and in a number of
    Docket's shape (``DKT-2026-7K3M-9QXP``) the letters a person confuses with digits read as
    the digits, after the prefix (as the intake's receipts read them, and ``lookup.js``)."""
    number = "-".join(text.strip().upper().split())
    parts = number.split("-")
    if len(parts) == 4 and parts[1].translate(CONFUSED).isdigit():
        number = "-".join([parts[0], *(p.translate(CONFUSED) for p in parts[1:])])
    return number


def derive_master(number: str, salt: str) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", number.encode("utf-8"), salt.encode("utf-8"),
                               ITERATIONS, 32)


def name_and_key(master: bytes) -> tuple[str, bytes]:
    name = hmac.new(master, NAME_INFO, hashlib.sha256).hexdigest()[:32]
    return name, hmac.new(master, KEY_INFO, hashlib.sha256).digest()


def seal(master: bytes, record: dict) -> tuple[str, str]:
    """(the record's name, its sealed bytes in base64url): what goes into a shard file."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # (a site with comments)

    name, key = name_and_key(master)
    plain = json.dumps(record, ensure_ascii=False, sort_keys=True,
                       separators=(",", ":")).encode("utf-8")
    nonce = hmac.new(key, plain, hashlib.sha256).digest()[:12]
    sealed = nonce + AESGCM(key).encrypt(nonce, plain, name.encode("ascii"))
    return name, base64.urlsafe_b64encode(sealed).decode("ascii").rstrip("=")


def shard_of(name: str, chars: int) -> str:
    """The file a record's name falls in: its first ``chars`` hex digits, or ``all``."""
    return name[:chars] if chars else "all"


def unseal(number: str, salt: str, files: dict[str, dict], chars: int) -> dict | None:
    """The record of ``number`` from shard files (shard -> its JSON), or None: what the
    browser does, for tests and for anyone checking the published files."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    name, key = name_and_key(derive_master(normal_number(number), salt))
    sealed = files.get(shard_of(name, chars), {}).get("records", {}).get(name)
    if sealed is None:
        return None
    raw = base64.urlsafe_b64decode(sealed + "=" * (-len(sealed) % 4))
    plain = AESGCM(key).decrypt(raw[:12], raw[12:], name.encode("ascii"))
    return json.loads(plain)


class MasterKeys:
    """Derived keys by number, remembered in ``folder`` (None: in memory only) so a number is
    derived once, not at every build. Opened by whoever writes the shard files."""

    def __init__(self, folder: Path | None):
        self.db: sqlite3.Connection | None = None
        self.memory: dict[tuple[str, str], bytes] = {}
        if folder is not None:
            with contextlib.suppress(OSError, sqlite3.Error):
                folder.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(folder / CACHE_FILE, timeout=30)
                self.db.execute("CREATE TABLE IF NOT EXISTS keys (salt TEXT, rounds INTEGER, "
                                "number TEXT, master BLOB, PRIMARY KEY (salt, rounds, number))")

    def masters(self, numbers: Iterable[str], salt: str) -> dict[str, bytes]:
        wanted = sorted(set(numbers))
        found: dict[str, bytes] = {}
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                for i in range(0, len(wanted), 500):
                    chunk = wanted[i:i + 500]
                    rows = self.db.execute(
                        "SELECT number, master FROM keys WHERE salt = ? AND rounds = ? AND "
                        f"number IN ({', '.join('?' * len(chunk))})",
                        (salt, ITERATIONS, *chunk))
                    found.update((n, bytes(m)) for n, m in rows)
        found.update({n: m for (s, n), m in self.memory.items() if s == salt and n in wanted})
        fresh = {n: derive_master(n, salt) for n in wanted if n not in found}
        for number, master in fresh.items():
            self.memory[(salt, number)] = master
        if fresh and self.db is not None:
            with contextlib.suppress(sqlite3.Error), self.db:
                self.db.executemany("INSERT OR REPLACE INTO keys VALUES (?, ?, ?, ?)",
                                    [(salt, ITERATIONS, n, m) for n, m in fresh.items()])
        return {**found, **fresh}

    def close(self) -> None:
        if self.db is not None:
            self.db.close()


def shard_files(records: dict[str, dict], salt: str, keys: MasterKeys,
                chars: int) -> dict[str, str]:
    """Shard -> the JSON text of its file, for ``records`` (number -> record)."""
    masters = keys.masters(records, salt)
    shards: dict[str, dict[str, str]] = {}
    for number, record in records.items():
        name, sealed = seal(masters[number], record)
        shards.setdefault(shard_of(name, chars), {})[name] = sealed
    return {
        shard: json.dumps({"format": FORMAT, "records": dict(sorted(found.items()))},
                          separators=(",", ":"))
        for shard, found in sorted(shards.items())
    }
