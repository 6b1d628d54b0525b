"""The build ``docket serve`` runs in the background, in a child process of its own.

``python -m generator.serve.child ROOT OUT NOW`` builds as ``docket build --out OUT --now
NOW`` does (same exit codes) and prints what the build found as JSON on its last line of
output, so the server takes the problems back as data instead of reading them out of text
meant for people. Not a command: ``serve.server.CatchUp`` is its only caller.
"""

from __future__ import annotations

import gc
import json
import sys
from datetime import datetime
from pathlib import Path

from ..memory import tune_collector
from ..problems import Problem, ProblemsFound


def as_json(problems: list[Problem]) -> str:
    return json.dumps([[p.path, p.line, p.message, p.severity] for p in problems])


def from_json(line: str) -> list[Problem]:
    """The problems ``main`` printed; an empty list for anything else (a crash's output)."""
    try:
        rows = json.loads(line)
        return [Problem(str(path), int(n), str(message), "warning" if severity == "warning"
                        else "error") for path, n, message, severity in rows]
    except (ValueError, TypeError):
        return []


def main(argv: list[str]) -> int:
    tune_collector()  # this process is Docket's, as under the command line
    from ..build.run import build  # (once the collector is set, as ``python -m generator``)

    root, out, now = Path(argv[0]), Path(argv[1]), datetime.fromisoformat(argv[2])
    try:
        found, code = build(root, out=out, now=now).problems, 0
    except ProblemsFound as exc:
        found, code = exc.problems, 1
    print(as_json(found))
    return code


if __name__ == "__main__":
    code = main(sys.argv[1:])
    gc.freeze()  # as ``docket`` ends (``cli.run``): no collection at exit walks what is left
    sys.exit(code)
