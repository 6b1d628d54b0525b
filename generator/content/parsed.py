"""Parsed versions kept while their text is unchanged, for the builds of one process.

Parsing is most of a build's loading time. ``docket serve`` builds again on every save, in
the same process: a version whose text (and name) has not changed since an earlier build is
not parsed again. ``parse_version`` is a pure function of its arguments and nothing changes
its result afterwards, so sharing one result between builds is safe.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from ..provisions.parser import ParsedVersion, parse_version

LIMIT = 8192  # versions kept; the least recently used go first

_cache: OrderedDict[tuple[bytes, str, int], ParsedVersion] = OrderedDict()
_lock = threading.Lock()  # the intake service's catalog loads in another thread


def parsed_version(text: str, path: str, line_offset: int = 0) -> ParsedVersion:
    key = (hashlib.blake2b(text.encode(), digest_size=20).digest(), path, line_offset)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    parsed = parse_version(text, path, line_offset)
    with _lock:
        _cache[key] = parsed
        while len(_cache) > LIMIT:
            _cache.popitem(last=False)
    return parsed
