"""Real legislation: how many real laws ``docket check`` refuses, and how many warnings it gives.

The samples in ``shared/corpora`` (beside the repository, or at ``/work/shared/corpora``) are
Docket projects made from public law texts nobody on the team wrote: German federal laws and
Chinese laws. For each one, ``docket check`` runs in a fresh process and we count the laws
(drafts) with an error, and the "points to no provision" warnings per law. The rows are left
out when the samples are not there. ``python -m benchmarks.real_laws_bench`` prints the
figures alone, with every failing law's first error, to look at.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import Context, Row

REPO = Path(__file__).resolve().parent.parent
CANDIDATES = tuple(d / "shared" / "corpora" for d in REPO.parents)
SAMPLES = ("gesetze-sample", "laws-zh-sample")
LINE = re.compile(r"^drafts/(?P<draft>[^/]+)/\S*:\d+: (?P<warning>warning: )?(?P<message>.*)$")


def corpora() -> Path | None:
    """The folder holding the real samples, or None when this machine has none."""
    return next((c for c in CANDIDATES if (c / SAMPLES[0]).is_dir()), None)


@dataclass
class CheckFigures:
    """What ``docket check`` said about one sample."""

    laws: int
    failing: dict[str, str] = field(default_factory=dict)  # law -> its first error
    dangling: Counter[str] = field(default_factory=Counter)  # law -> "points to no provision"
    output: str = ""

    @property
    def dangling_per_law(self) -> float:
        return sum(self.dangling.values()) / self.laws if self.laws else 0.0


def check_sample(project: Path) -> CheckFigures:
    """Run ``docket --root project check`` and count what it reported, per law."""
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(project), "check"],
        cwd=REPO, capture_output=True, text=True,
    )
    figures = CheckFigures(laws=sum(1 for d in (project / "drafts").iterdir() if d.is_dir()))
    figures.output = proc.stdout + proc.stderr
    for line in figures.output.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        if not m["warning"]:
            figures.failing.setdefault(m["draft"], line)
        elif "points to no provision" in m["message"]:
            figures.dangling[m["draft"]] += 1
    return figures


def real_laws(ctx: Context | None = None) -> list[Row]:
    """Laws failing ``docket check`` and dangling-reference warnings per law, per sample."""
    root = corpora()
    if root is None:
        return []
    rows: list[Row] = []
    for sample in SAMPLES:
        figures = check_sample(root / sample)
        rows += [
            Row(benchmark=f"real laws: {sample}", metric="laws failing docket check",
                value=len(figures.failing), unit="laws",
                note=f"of {figures.laws}; goal: none but a genuinely duplicated number"),
            Row(benchmark=f"real laws: {sample}", metric="'points to no provision' per law",
                value=round(figures.dangling_per_law, 2), unit="warnings",
                note=f"{sum(figures.dangling.values())} in all"),
        ]
    return rows


def main() -> None:
    root = corpora()
    if root is None:
        print("no shared/corpora beside the repository")
        return
    for sample in SAMPLES:
        figures = check_sample(root / sample)
        print(f"{sample}: {len(figures.failing)} of {figures.laws} laws fail; "
              f"{sum(figures.dangling.values())} 'points to no provision' warnings "
              f"({figures.dangling_per_law:.2f} per law)")
        for line in figures.failing.values():
            print("  ", line)


if __name__ == "__main__":
    main()
