"""A million comments imported, deduplicated and grouped into campaigns, against the truth.

The synthetic docket (``synthetic``, deterministic from a seed): twenty form letters, ten
English and ten Chinese; about 10 % of comments are the commenters' own words, the rest
copies of a letter, some verbatim but for case, punctuation and spacing, some signed with a
name, some with a few words (or characters) changed, some with a sentence of their own
added. The generator knows which letter each comment came from: that is the truth the
grouping is scored against.

The run is ``docket comments import --from csv`` in a child process, exactly as a person
would run it; the import groups campaigns as it merges (``generator/comments/campaigns.py``,
which sketches texts in two worker processes once the store fills a chunk). Wall seconds,
CPU seconds (user + system, from ``wait4``: the import's and its workers', a figure that
does not depend on what else the shared machine is doing) and peak RSS (the largest of the
import and its workers) are the child's own. The machine's load before and after is printed
beside the wall time: on a shared 2-core machine, read the wall time against it.

**Precision and recall are pairwise**: over every pair of comments, a pair is *predicted*
when both are in the same campaign and *true* when both came from the same letter (a
comment in its own words is in no true group). Precision = true pairs predicted / pairs
predicted; recall = true pairs predicted / true pairs.
"""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from . import MB, Context, Row, progress

PROJECT_DIR = Path(__file__).resolve().parent.parent
COMMENTS = 1_000_000
LETTERS = 20
UNIQUE_SHARE = 0.10
TIME_LIMIT = 120.0  # seconds
MEMORY_LIMIT = 4_000  # MB
SEED = 14

SITE_YAML = """\
title: Campaigns benchmark
base_url: http://127.0.0.1/
timezone: UTC
"""
DRAFT_YAML = """\
title: Benchmark Ordinance
comment_period:
  opens: 2000-01-01
  closes: 2999-12-31
"""
VERSION = "---\nlabel: Introduced\ndate: 2026-01-01\n---\n\n## Section 1. Heading\n\nText.\n"

WORDS_TEXT = """the council should ordinance city residents rule new law will must not any all
park parks street streets noise traffic housing rent tenants landlords water air clean
safety public health children school schools families workers small business businesses
local community neighbourhood budget tax taxes fee fees permit permits zoning density
building buildings height limit limits hours night evening weekend quiet enforcement fine
fines police transit bus buses bike lanes parking car cars pedestrians sidewalk trees green
space library libraries youth seniors elderly access disability affordable homes home
support oppose amend delay reject approve consider protect reduce increase improve fund
funding plan planning review study data evidence impact cost costs benefit benefits fair
unfair people voters members staff mayor committee hearing vote process notice please
urge ask request believe think feel concerned worried proud hope because without before
after during every year years month months today future current proposed section provision
this that these those which who what when where how our my your their its we i you they
it is are was were be been has have had do does did can could would may might shall very
more most less least much many few some such only also too even still just already never
always often sometimes"""
WORDS = WORDS_TEXT.split()
HANZI = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能"
         "下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量"
         "都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各"
         "重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想"
         "已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较"
         "将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规"
         "热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花")
EN_CLOSE = ["Sincerely,", "Regards,", "Thank you,", "Best wishes,"]
ZH_CLOSE = ["此致敬礼", "谢谢！", "特此意见"]
FIRST = ["Ana", "Ben", "Chen", "Dana", "Eli", "Fatima", "Grace", "Hugo", "Ivan", "Jun",
         "Kofi", "Lena", "Mei", "Noah", "Olu", "Priya", "Quinn", "Rosa", "Sam", "Tariq"]
LAST = ["Smith", "Garcia", "Wang", "Okafor", "Novak", "Kim", "Patel", "Silva", "Jones",
        "Müller", "Nguyen", "Cohen", "Haddad", "Brown", "Rossi", "Sato", "Ali", "Costa"]
ZH_NAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"


def en_sentence(rng: random.Random, low: int = 9, high: int = 17) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice([".", ".", ".", "!"])


def zh_sentence(rng: random.Random, low: int = 14, high: int = 26) -> str:
    chars = [rng.choice(HANZI) for _ in range(rng.randint(low, high))]
    chars.insert(rng.randint(4, len(chars) - 4), "，")
    return "".join(chars) + "。"


def letters(seed: int = SEED) -> list[tuple[str, list[str]]]:
    """The form letters: (language, sentences), half English, half Chinese."""
    rng = random.Random(f"letters-{seed}")
    out = []
    for number in range(LETTERS):
        if number % 2 == 0:
            out.append(("en", [en_sentence(rng) for _ in range(rng.randint(6, 9))]))
        else:
            out.append(("zh", [zh_sentence(rng) for _ in range(rng.randint(6, 9))]))
    return out


def unique_text(rng: random.Random) -> str:
    """A comment in the commenter's own words."""
    if rng.random() < 0.5:
        return " ".join(en_sentence(rng) for _ in range(rng.randint(2, 8)))
    return "".join(zh_sentence(rng) for _ in range(rng.randint(2, 8)))


def variant(rng: random.Random, language: str, sentences: list[str]) -> str:
    """One commenter's copy of a letter: verbatim but for case, punctuation and spacing
    (half of them), or signed, or with a few words changed, or with a sentence added."""
    parts = list(sentences)
    kind = rng.random()
    if 0.65 <= kind < 0.82:  # a few words (characters) changed
        if language == "en":
            words = " ".join(parts).split(" ")
            for _ in range(rng.randint(1, 4)):
                words[rng.randrange(len(words))] = rng.choice(WORDS)
            parts = [" ".join(words)]
        else:
            chars = list("".join(parts))
            for _ in range(rng.randint(1, 5)):
                at = rng.randrange(len(chars))
                if chars[at] not in "，。":
                    chars[at] = rng.choice(HANZI)
            parts = ["".join(chars)]
    elif kind >= 0.82:  # a sentence of their own
        own = en_sentence(rng) if language == "en" else zh_sentence(rng)
        parts.insert(rng.choice([0, len(parts)]), own)
    glue = " " if language == "en" else ""
    text = glue.join(parts)
    if rng.random() < 0.3:  # signed
        if language == "en":
            text += f"\n\n{rng.choice(EN_CLOSE)}\n{rng.choice(FIRST)} {rng.choice(LAST)}"
        else:
            text += f"\n\n{rng.choice(ZH_CLOSE)}\n{rng.choice(ZH_NAMES)}{rng.choice(HANZI)}"
    noise = rng.random()
    if noise < 0.1:
        text = text.upper()
    elif noise < 0.2:
        text = text.lower()
    elif noise < 0.3:
        text = text.replace(".", "").replace(",", "").replace("。", ". ").replace("，", ", ")
    elif noise < 0.4:
        text = "  " + text.replace(" ", "  ").replace("\n\n", "\n \n") + " \n"
    return text


def synthetic(count: int, seed: int = SEED) -> Iterator[tuple[str, str, int]]:
    """(source id, text, truth) for ``count`` comments; truth is the letter's number, or
    -1 for a comment in the commenter's own words."""
    rng = random.Random(f"comments-{seed}")
    forms = letters(seed)
    # Some letters are far more popular than others, as in real campaigns.
    weights = [1.0 / (rank + 1) for rank in range(LETTERS)]
    for number in range(count):
        if rng.random() < UNIQUE_SHARE:
            yield f"c{number:07d}", unique_text(rng), -1
        else:
            letter = rng.choices(range(LETTERS), weights)[0]
            language, sentences = forms[letter]
            yield f"c{number:07d}", variant(rng, language, sentences), letter


def make_project(root: Path) -> Path:
    (root / "drafts/bench/versions").mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(SITE_YAML)
    (root / "drafts/bench/draft.yaml").write_text(DRAFT_YAML)
    (root / "drafts/bench/versions/01-introduced.md").write_text(VERSION)
    return root


def write_export(path: Path, count: int, seed: int = SEED) -> dict[str, int]:
    """A CSV export of the synthetic docket (with a name and an email a comment, as a form
    collects them); returns each comment's truth by source id."""
    truth: dict[str, int] = {}
    start = datetime(2026, 3, 1, tzinfo=UTC)
    with open(path, "w", encoding="utf-8", newline="") as file:
        out = csv.writer(file)
        out.writerow(["id", "received", "name", "email", "comment"])
        for number, (source_id, text, label) in enumerate(synthetic(count, seed)):
            truth[source_id] = label
            moment = start + timedelta(seconds=number * 2)
            out.writerow([source_id, moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                          f"Commenter {number}", f"c{number}@example.org", text])
    return truth


def pairwise(truth: dict[str, int], predicted: dict[str, str]) -> tuple[float, float]:
    """Pairwise precision and recall of ``predicted`` (source id -> campaign id, "" for
    none) against ``truth`` (source id -> letter, -1 for none)."""
    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    cells: Counter[tuple[str, int]] = Counter()
    for source_id, label in truth.items():
        campaign = predicted.get(source_id, "")
        if campaign and label >= 0:
            cells[campaign, label] += 1
    together = sum(pairs(n) for n in cells.values())
    said = sum(pairs(n) for n in Counter(c for c in predicted.values() if c).values())
    true = sum(pairs(n) for n in Counter(t for t in truth.values() if t >= 0).values())
    precision = together / said if said else 1.0
    recall = together / true if true else 1.0
    return precision, recall


def stored_campaigns(root: Path) -> dict[str, str]:
    """Source id -> campaign id, read from the store as any reader would."""
    from generator.comments.store import comments_file

    found = {}
    with open(comments_file(root, "bench"), encoding="utf-8") as file:
        for line in file:
            value = json.loads(line)
            found[value["source_id"]] = value["campaign_id"]
    return found


def own_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) process ``pid`` has used itself, its children apart,
    from /proc (None where there is no /proc)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as file:
            fields = file.read().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_import(root: Path, export: Path) -> dict:
    """``docket comments import`` in a child: wall and CPU seconds, peak RSS in MB.

    The CPU time is the import's and its workers' (``wait4``); the import process's own
    part, the serial critical path, is read from /proc every tenth of a second while it
    runs (so it may miss the last tenth)."""
    command = [sys.executable, "-m", "generator", "--root", str(root), "comments", "import",
               "--from", "csv", str(export), "--draft", "bench"]
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=PROJECT_DIR, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    main_cpu: list[float] = []
    finished = threading.Event()

    def watch() -> None:
        while not finished.is_set():
            seen = own_cpu(proc.pid)
            if seen is None:
                return
            main_cpu.append(seen)
            time.sleep(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    said = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    finished.set()
    watcher.join()
    proc.stdout.close()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    if proc.returncode != 0:
        raise RuntimeError(f"docket comments import failed: {said}")
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
            "main_cpu": max(main_cpu) if main_cpu else None,
            "rss_mb": usage.ru_maxrss * 1024 / MB, "said": said.strip().splitlines()[-1]}


def _split(run: dict) -> str:
    if run["main_cpu"] is None:
        return ""
    workers = run["cpu"] - run["main_cpu"]
    floor = max(run["main_cpu"], run["cpu"] / 2)
    return (f"; main process {run['main_cpu']:.1f} s, workers {workers:.1f} s: "
            f"about {floor:.0f} s on an idle machine")


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def campaigns(ctx: Context, count: int = COMMENTS) -> list[Row]:
    root = make_project(ctx.scratch / "campaigns-project")
    export = ctx.scratch / "campaigns-export.csv"
    progress(f"campaigns: writing {count:,} synthetic comments")
    truth = write_export(export, count)
    progress(f"campaigns: importing and grouping them ({load_average()})")
    before = load_average()
    run = run_import(root, export)
    after = load_average()
    predicted = stored_campaigns(root)
    precision, recall = pairwise(truth, predicted)
    found = len({c for c in predicted.values() if c})
    name = "campaigns"
    wall_ok = "met" if run["seconds"] <= TIME_LIMIT else "MISSED"
    memory_ok = "met" if run["rss_mb"] <= MEMORY_LIMIT else "MISSED"
    export.unlink()
    return [
        Row(benchmark=name, metric=f"{count:,} comments: import, dedupe, group",
            value=round(run["seconds"], 2), unit="s", note=f"wall; target {TIME_LIMIT:g} s "
            f"{wall_ok}; {before} before, {after} after"),
        Row(benchmark=name, metric="CPU time", value=round(run["cpu"], 2), unit="s",
            note="user + system of the import and its workers (wait4): independent of the "
            f"machine's load; on an idle 2-core machine the wall time is about "
            f"max(main process, total / 2){_split(run)}"),
        Row(benchmark=name, metric="peak memory", value=round(run["rss_mb"], 1), unit="MB",
            note=f"max RSS of the import; target {MEMORY_LIMIT:,} MB {memory_ok}"),
        Row(benchmark=name, metric="precision (pairwise)", value=round(precision, 4),
            unit="", note=f"{found:,} campaigns found; {LETTERS} form letters in the truth"),
        Row(benchmark=name, metric="recall (pairwise)", value=round(recall, 4), unit="",
            note=run["said"]),
    ]


def main() -> None:
    """``python -m benchmarks.campaigns_bench [COUNT]``: this benchmark alone, as JSON rows."""
    import tempfile

    count = int(sys.argv[1]) if len(sys.argv) > 1 else COMMENTS
    with tempfile.TemporaryDirectory(prefix="docket-campaigns-bench-") as scratch:
        ctx = Context(Path(scratch), None, Path(scratch))  # type: ignore[arg-type]
        for row in campaigns(ctx, count):
            print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
