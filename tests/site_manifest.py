"""A built site as a manifest of content hashes, to show a refactor leaves the output unchanged.

``python -m tests.site_manifest SITE`` prints one ``hash  path`` line per published file;
``python -m tests.site_manifest SITE OTHER`` prints the differences between two builds and
exits non-zero if there are any. Build both with the same ``--now`` (the clock is the only
variable a page embeds). Left out, because they differ between two builds of the same tree:
the index files Pagefind names after a hash of unordered data (``filter/``, ``*.pf_meta``,
``pagefind-entry.json``; the fragments and word indexes are compared), the build lock, and
the times and sizes the state file records for finding hand edits, and its key over
Docket's own code, which any change to the code changes (its other fields are compared).
Docket's own files beside the site (``.site.state/``: the state, the search documents) are
compared too, by the names a build gives them (``.docket-state``...), but for the inode of
the site they belong to.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

VARIABLE_STATE_FIELDS = ("files", "folders")


def varies_between_builds(rel: str) -> bool:
    """Files whose bytes differ between two builds of the same tree with the same clock."""
    name = rel.rsplit("/", 1)[-1]
    return (rel in (".docket-build", ".docket-site") or "/filter/" in rel
            or name.endswith(".pf_meta") or name == "pagefind-entry.json")


def manifest(site: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file a build left in ``site`` and beside it."""
    out: dict[str, str] = {}
    private = site.parent / f".{site.name}.state"  # (build/publish.py: private_dir)
    found = [(top, p) for top in (site, private) if top.is_dir()
             for p in top.rglob("*") if p.is_file()]
    for top, path in sorted(found, key=lambda found: found[1].relative_to(found[0])):
        rel = path.relative_to(top).as_posix()
        if varies_between_builds(rel):
            continue
        data = path.read_bytes()
        if rel == ".docket-state":
            state = json.loads(data)
            for key in VARIABLE_STATE_FIELDS:  # columns: names, then sizes and times
                names = state.get(key, [[]])[0]
                state[key] = sorted(name for name in names  # the names stay, times go
                                    if not varies_between_builds(name))
            state.pop("key", None)  # a hash of Docket's code: changed by any change to it
            data = json.dumps(state, sort_keys=True).encode()
        out[rel] = hashlib.sha256(data).hexdigest()
    return out


def differences(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """One line per file added, removed or changed."""
    lines = [f"only before: {p}" for p in sorted(before.keys() - after.keys())]
    lines += [f"only after: {p}" for p in sorted(after.keys() - before.keys())]
    lines += [f"changed: {p}" for p in sorted(before.keys() & after.keys())
              if before[p] != after[p]]
    return lines


def main(argv: list[str]) -> int:
    if len(argv) == 1:
        for rel, digest in manifest(Path(argv[0])).items():
            print(f"{digest}  {rel}")
        return 0
    found = differences(manifest(Path(argv[0])), manifest(Path(argv[1])))
    print("\n".join(found) or "identical")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
