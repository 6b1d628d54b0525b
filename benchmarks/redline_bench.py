"""Redline speed on a code the size of the German civil code: 1.5 MB, about 2,400 sections.

Two versions differ by a handful of amendments (words changed, a section inserted, one
repealed, one moved), as consecutive versions of a real code do. Reported: the comparison
of the two parsed versions (what a build does, median of several runs; target 100 ms) and
``docket diff`` on the two files end to end in a fresh process (target 2 s).
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time

from . import MB, Context, Row

WORDS = [
    "the",
    "obligor",
    "obligee",
    "claim",
    "contract",
    "performance",
    "debtor",
    "creditor",
    "damages",
    "notice",
    "period",
    "shall",
    "may",
    "must",
    "where",
    "if",
    "unless",
    "person",
    "party",
    "right",
    "duty",
    "property",
    "thing",
    "owner",
    "possession",
    "transfer",
    "agreement",
    "declaration",
    "intent",
    "effect",
    "law",
    "court",
    "time",
    "place",
    "payment",
    "interest",
    "compensation",
    "default",
    "delivery",
    "defect",
    "seller",
    "buyer",
    "lease",
    "landlord",
    "tenant",
    "heir",
    "estate",
]


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def statute(target_bytes: int = 1_500_000, seed: int = 7) -> list[str]:
    """A code as a list of sections (Markdown), books and titles as headings between them."""
    rng = random.Random(seed)
    blocks, size, n = [], 0, 1
    while size < target_bytes:
        if n % 400 == 1:
            blocks.append(f"# Book {n // 400 + 1}. {_sentence(rng, 3)}\n")
        if n % 40 == 1:
            blocks.append(f"## Title {n // 40 + 1}. {_sentence(rng, 4)}\n")
        paras = [f"### § {n}. {_sentence(rng, 3)[:-1]}\n"]
        for k in range(1, rng.choice((1, 2, 2, 3)) + 1):
            body = " ".join(_sentence(rng, rng.randint(10, 25)) for _ in range(2))
            if n > 10 and rng.random() < 0.2:
                body += f" Section {rng.randint(1, n - 1)} applies."
            paras.append(f"({k}) {body}\n")
        block = "\n".join(paras)
        blocks.append(block)
        size += len(block.encode())
        n += 1
    return blocks


def amend(blocks: list[str], seed: int = 11) -> list[str]:
    """The next version: a few words changed, one section inserted, one repealed, one moved."""
    rng = random.Random(seed)
    out = list(blocks)
    for i in rng.sample(range(len(out)), 6):
        out[i] = out[i].replace(" the ", " every ", 1)
    out.insert(len(out) // 3, "### § 9000. Inserted provision\n\n(1) A new duty applies.\n")
    del out[len(out) // 2]
    moved = out.pop(len(out) * 3 // 4)
    out.insert(len(out) // 4, moved)
    return out


def _version(label: str, blocks: list[str]) -> str:
    return f"---\nlabel: {label}\ndate: 2026-01-01\n---\n\n" + "\n".join(blocks)


def redline(ctx: Context) -> list[Row]:
    from generator.provisions.parser import parse_version
    from generator.redline import compare

    old_blocks = statute()
    new_blocks = amend(old_blocks)
    old_md, new_md = _version("Old", old_blocks), _version("New", new_blocks)
    old_path, new_path = ctx.scratch / "old.md", ctx.scratch / "new.md"
    old_path.write_text(old_md, encoding="utf-8")
    new_path.write_text(new_md, encoding="utf-8")
    old = parse_version(old_md.split("---\n", 2)[2], "old.md")
    new = parse_version(new_md.split("---\n", 2)[2], "new.md")
    times = []
    for _ in range(7):
        started = time.perf_counter()
        result = compare(old.root, new.root)
        times.append(time.perf_counter() - started)
    s = result.summary
    walls = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "generator",
                "diff",
                str(old_path),
                str(new_path),
                "--format",
                "json",
            ],
            check=True,
            capture_output=True,
        )
        walls.append(time.perf_counter() - started)
    size = len(old_md.encode()) / MB
    provisions = len(old.index)
    note = (
        f"{size:.2f} MB, {provisions:,} provisions; {s.amended} amended, {s.added} added, "
        f"{s.repealed} repealed, {s.moved} moved"
    )
    return [
        Row(
            benchmark="redline",
            metric="compare parsed versions",
            value=round(statistics.median(times) * 1000, 1),
            unit="ms",
            note=f"median of 7; target <= 100 ms; {note}",
        ),
        Row(
            benchmark="redline",
            metric="docket diff end to end",
            value=round(statistics.median(walls), 2),
            unit="s",
            note="median of 3, parsing and process start included; target < 2 s",
        ),
    ]
