"""A deterministic synthetic Docket project shaped like real statutes.

Everything comes from one ``random.Random(seed)`` (no clock, no global state), so the same
arguments always give byte-identical files and timings from different runs measure the same
input.  English drafts use chapters, sections and (a)/(1)/(A)/(i) subdivisions; Chinese drafts
(one in three) use 章, 条 numbered through the draft, 款 and 项.  Every cross-reference points
backwards at a provision that exists, so ``docket check`` reports nothing.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

SUBSECTION_LETTERS = "abcdefg"  # stop before (h): an (i) clause after (h) would read as a letter
ROMAN = ("i", "ii", "iii", "iv")


@dataclass
class CorpusStats:
    drafts: int
    versions: int
    markdown_bytes: int


@dataclass
class Unit:
    """A section or article: its heading line (English only) and its groups of paragraphs.

    A group is one subsection (English) or one 款 (Chinese) with everything nested in it, so a
    revision can append a group without renumbering anything.  Tables and plain lists go in
    the tail: unnumbered text between subsections would close the enumeration they belong to.
    """

    num: int
    heading: str
    groups: list[list[str]] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)  # a table or plain list after the groups


@dataclass
class Chapter:
    heading: str
    units: list[Unit] = field(default_factory=list)


def chinese_numeral(n: int) -> str:
    """1 一, 10 十, 12 十二, 20 二十, 105 一百零五, 165 一百六十五 (for 1 to 9999)."""
    if not 0 < n < 10000:
        raise ValueError(f"out of range: {n}")
    digits = "零一二三四五六七八九"
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d == 0:
            zero = bool(out)  # a gap inside the number is read as 零
            continue
        if zero:
            out += "零"
            zero = False
        out += ("" if d == 1 and unit == "十" and not out else digits[d]) + unit
    return out


def render(doc: list[Chapter]) -> str:
    """The Markdown body: every heading and paragraph separated by a blank line."""
    blocks: list[str] = []
    for chapter in doc:
        blocks.append(chapter.heading)
        for unit in chapter.units:
            if unit.heading:
                blocks.append(unit.heading)
            blocks += [p for group in unit.groups for p in group]
            blocks += unit.tail
    return "\n\n".join(blocks) + "\n"


# ---------------------------------------------------------------- English

EN_SUBJECTS = [
    ("housing", "Housing Stability"), ("water", "Water Quality"), ("transit", "Public Transit"),
    ("noise", "Noise Control"), ("parks", "Parks and Open Space"), ("privacy", "Data Privacy"),
    ("zoning", "Zoning Modernization"), ("energy", "Clean Energy"), ("food", "Food Safety"),
    ("tenants", "Tenant Protection"), ("budget", "Budget Transparency"), ("ethics", "Ethics"),
]
EN_CHAPTERS = ["General Provisions", "Definitions", "Registration", "Administration",
               "Enforcement", "Penalties", "Reporting", "Appeals", "Miscellaneous", "Funding"]
EN_HEADINGS = ["Short title", "Findings", "Purpose", "Applicability", "Registration required",
               "Notice", "Inspections", "Fees", "Appeals", "Civil penalties", "Rules", "Reports",
               "Records", "Exemptions", "Severability", "Effective date", "Advisory committee"]
EN_AGENCIES = ["Director", "Department", "Commission", "Board", "City Clerk", "Hearing Officer"]
EN_DUTIES = [
    "establish and maintain a public register of covered properties",
    "adopt written procedures for public notice and comment",
    "publish an annual report on compliance with this chapter",
    "adopt rules to carry out the purposes of this chapter",
    "set a schedule of fees that does **not** exceed the reasonable cost of administration",
    "review each application for completeness",
    "certify the accuracy of the records it keeps",
    "provide written notice to each affected owner and occupant",
    "make the information available to the public in an accessible format",
]
EN_CONDITIONS = [
    "within thirty days after the effective date",
    "not later than ninety days after receiving a complete application",
    "in consultation with the advisory committee",
    "subject to the availability of appropriations",
    "after notice and a reasonable opportunity for a hearing",
    "on a form the Director prescribes",
    "*unless* an exemption applies",
]
EN_ITEMS = [
    "the name and mailing address of the applicant",
    "a description of each affected parcel",
    "evidence of compliance with applicable building standards",
    "the number of dwelling units and their annual rents",
    "a statement of the grounds for the request",
    "any written comments received during the comment period",
    "the date on which the violation was first observed",
    "any other information the Director requires by rule",
]
EN_TERMS = ["Applicant", "Covered property", "Owner", "Occupant", "Permit", "Person", "Unit"]
EN_DEFINITIONS = [
    "means any individual, partnership, corporation or other legal entity",
    "means a building or structure used in whole or in part for residential purposes",
    "means the holder of record title to real property",
    "means a written authorization issued under this chapter",
]
EN_SWAPS = [("thirty", "forty-five"), ("ninety", "one hundred twenty"), ("annual", "biennial"),
            ("reasonable", "fair"), ("written", "electronic"), ("public", "general")]
EN_STAGES = [("introduced", "Introduced", "The text as introduced."),
             ("committee-substitute", "Committee substitute", "As amended in committee."),
             ("second-reading", "Second reading", "As amended on second reading."),
             ("engrossed", "Engrossed", "As passed by the Council.")]


class English:
    """Writes US-style sections: (a) subsections, (1) paragraphs, (A) subparagraphs, (i) clauses."""

    language: str | None = None
    swaps = EN_SWAPS
    stages = EN_STAGES

    def __init__(self, rng: random.Random):
        self.rng = rng

    def title(self, index: int) -> tuple[str, str]:
        slug, name = self.rng.choice(EN_SUBJECTS)
        return f"{slug}-{index:03d}", f"{name} Ordinance of 2026 (No. {index})"

    def chapter(self, n: int) -> str:
        return f"## Chapter {n}. {self.rng.choice(EN_CHAPTERS)}"

    def unit(self, num: int, earlier: list[Unit]) -> Unit:
        unit = Unit(num, f"### Section {num}. {self.rng.choice(EN_HEADINGS)}")
        for letter in SUBSECTION_LETTERS[: self.rng.randint(2, 6)]:
            unit.groups.append(self.group(letter, earlier))
        extra = self.rng.random()
        if extra < 0.15:
            unit.tail.append(self.table())
        elif extra < 0.3:
            unit.tail.append("\n".join(f"- {item}" for item in self.rng.sample(EN_ITEMS, 3)))
        return unit

    def add_group(self, unit: Unit, earlier: list[Unit]) -> bool:
        if len(unit.groups) >= len(SUBSECTION_LETTERS):
            return False
        unit.groups.append(self.group(SUBSECTION_LETTERS[len(unit.groups)], earlier))
        return True

    def ref(self, earlier: list[Unit]) -> str:
        target = self.rng.choice(earlier)
        if self.rng.random() < 0.5:
            letter = self.rng.choice(SUBSECTION_LETTERS[: len(target.groups)])
            return f"section {target.num}({letter})"
        return f"section {target.num}"

    def sentence(self, earlier: list[Unit]) -> str:
        r = self.rng
        text = f"The {r.choice(EN_AGENCIES)} shall {r.choice(EN_DUTIES)} {r.choice(EN_CONDITIONS)}"
        if earlier and r.random() < 0.35:
            text += f", except as provided in {self.ref(earlier)}"
        return text + "."

    def group(self, letter: str, earlier: list[Unit]) -> list[str]:
        """One subsection: a sentence, a definition, or a lead-in with numbered paragraphs."""
        r = self.rng
        kind = r.random()
        if kind < 0.4:
            paras = [f"({letter}) {self.sentence(earlier)}"]
        elif kind < 0.55:
            paras = [f'({letter}) **"{r.choice(EN_TERMS)}"** {r.choice(EN_DEFINITIONS)}.']
        else:
            paras = [f"({letter}) An application under this section shall include:"]
            count = r.randint(2, 5)
            for n in range(1, count + 1):
                end = "." if n == count else ("; and" if n == count - 1 else ";")
                if r.random() < 0.3:
                    paras.append(f"({n}) in the case of {r.choice(EN_ITEMS)}, either:")
                    paras += self.subparagraphs(end)
                else:
                    paras.append(f"({n}) {r.choice(EN_ITEMS)}{end}")
        return paras

    def subparagraphs(self, end: str) -> list[str]:
        r = self.rng
        out = []
        count = r.randint(2, 3)
        for n, upper in enumerate("ABC"[:count], start=1):
            tail = end if n == count else ("; or" if n == count - 1 else ";")
            if r.random() < 0.3:
                out.append(f"({upper}) {r.choice(EN_ITEMS)}, including:")
                clauses = ROMAN[: r.randint(2, 4)]
                out += [f"({c}) {r.choice(EN_ITEMS)}{tail if c == clauses[-1] else ';'}"
                        for c in clauses]
            else:
                out.append(f"({upper}) {r.choice(EN_ITEMS)}{tail}")
        return out

    def table(self) -> str:
        rows = ["| Category | Fee | Due |", "| --- | ---: | --- |"]
        for category in self.rng.sample(["Residential", "Commercial", "Industrial",
                                         "Institutional", "Mixed use"], 3):
            rows.append(f"| {category} | ${self.rng.randint(2, 60) * 25} | "
                        f"{self.rng.choice(['annually', 'on application', 'quarterly'])} |")
        return "\n".join(rows)


# ---------------------------------------------------------------- Chinese

CN_SUBJECTS = [
    ("water-supply", "城市供水管理"), ("waste", "生活垃圾分类管理"),
    ("heritage", "历史文化名城保护"), ("rivers", "河道管理"), ("elderly", "居家养老服务"),
    ("traffic", "道路交通安全"), ("property", "物业管理"), ("air", "大气污染防治"),
    ("greening", "城市绿化"),
]
CN_CITIES = ["滨江市", "青山市", "临海市", "云川市"]
CN_CHAPTERS = ["总则", "规划与建设", "管理与保护", "公众参与", "信息公开", "保障措施",
               "监督检查", "法律责任", "附则"]
CN_ACTORS = ["县级以上人民政府", "市人民政府有关部门", "主管部门", "街道办事处和乡镇人民政府",
             "相关行业协会", "任何单位和个人"]
CN_DUTIES = [
    "应当加强对本行政区域内相关工作的领导，将其纳入国民经济和社会发展规划",
    "应当建立健全监督管理制度，明确责任分工，加强协调配合",
    "应当依法履行监督管理职责，及时处理公众的投诉和举报",
    "应当组织编制专项规划，报本级人民政府批准后公布实施",
    "应当在三十日内作出书面答复，并说明理由",
    "应当采取有效措施，保障公众的知情权、参与权和监督权",
    "应当定期向社会公布有关信息，接受社会监督",
    "有权对违反规定的行为进行劝阻、投诉和举报",
]
CN_ITEMS = ["制定年度工作计划", "组织开展监督检查", "建立信息共享平台", "开展宣传教育和培训",
            "受理投诉举报并及时处理", "协调解决跨区域的重大问题", "编制并公布服务标准",
            "组织专家进行论证评估"]
CN_SWAPS = [("三十日", "六十日"), ("加强", "强化"), ("及时", "依法"), ("定期", "每年"),
            ("组织", "统筹"), ("建立健全", "完善")]
CN_STAGES = [("consultation", "征求意见稿", "向社会公开征求意见。"),
             ("revised", "修改稿", "根据公众意见修改。"),
             ("second-review", "二审稿", "常务委员会第二次审议。"),
             ("adopted", "表决稿", "提请表决。")]


class Chinese:
    """Writes 条 numbered through the draft under 章, some with a second 款 or with 项 lists."""

    language: str | None = "zh-Hans"
    swaps = CN_SWAPS
    stages = CN_STAGES

    def __init__(self, rng: random.Random):
        self.rng = rng

    def title(self, index: int) -> tuple[str, str]:
        slug, name = self.rng.choice(CN_SUBJECTS)
        return f"{slug}-{index:03d}", f"{self.rng.choice(CN_CITIES)}{name}条例（草案）"

    def chapter(self, n: int) -> str:
        return f"## 第{chinese_numeral(n)}章\u3000{self.rng.choice(CN_CHAPTERS)}"

    def unit(self, num: int, earlier: list[Unit]) -> Unit:
        r = self.rng
        label = f"第{chinese_numeral(num)}条\u3000"
        if r.random() < 0.3:
            first = [f"{label}{r.choice(CN_ACTORS)}应当履行下列职责："]
            count = r.randint(3, 6)
            first += [f"（{chinese_numeral(n)}）{item}{'。' if n == count else '；'}"
                      for n, item in enumerate(r.sample(CN_ITEMS, count), start=1)]
        else:
            first = [label + self.sentence(earlier)]
        unit = Unit(num, "", [first])
        if r.random() < 0.3:
            self.add_group(unit, earlier)
        return unit

    def add_group(self, unit: Unit, earlier: list[Unit]) -> bool:
        unit.groups.append([self.sentence(earlier)])  # an unnumbered paragraph: the next 款
        return True

    def sentence(self, earlier: list[Unit]) -> str:
        r = self.rng
        if earlier and r.random() < 0.3:
            target = chinese_numeral(r.choice(earlier).num)
            return (f"违反本条例第{target}条规定的，由{r.choice(CN_ACTORS[:3])}责令限期改正；"
                    f"逾期不改正的，处{r.randint(1, 50) * 1000}元以上"
                    f"{r.randint(51, 200) * 1000}元以下罚款。")
        return f"{r.choice(CN_ACTORS)}{r.choice(CN_DUTIES)}。"


# ---------------------------------------------------------------- drafts and versions

def write_document(writer: English | Chinese, target_bytes: int) -> list[Chapter]:
    """Chapters of 4 to 10 units, up to the unit boundary nearest ``target_bytes``."""
    doc: list[Chapter] = []
    units: list[Unit] = []
    size, chapter_length = 0, 0
    while True:
        unit = writer.unit(len(units) + 1, units)
        paragraphs = [unit.heading, *(p for g in unit.groups for p in g), *unit.tail]
        added = sum(len(p.encode()) + 2 for p in paragraphs if p)
        if units and size + added / 2 > target_bytes:  # ending before this unit is nearer
            return doc
        if not doc or len(doc[-1].units) == chapter_length:
            doc.append(Chapter(writer.chapter(len(doc) + 1)))
            chapter_length = writer.rng.randint(4, 10)
            size += len(doc[-1].heading.encode()) + 2
        doc[-1].units.append(unit)
        units.append(unit)
        size += added


def revise(doc: list[Chapter], writer: English | Chinese) -> list[Chapter]:
    """The next version: a few words changed and one subsection (or 款) added."""
    r = writer.rng
    doc = copy.deepcopy(doc)
    units = [u for chapter in doc for u in chapter.units]
    paragraphs = [(g, i) for u in units for g in u.groups for i in range(len(g))]
    for _ in range(r.randint(2, 4)):
        old, new = r.choice(writer.swaps)
        candidates = [(g, i) for g, i in paragraphs if old in g[i]]
        if candidates:
            group, i = r.choice(candidates)
            group[i] = group[i].replace(old, new, 1)
    for _ in range(10):  # a unit with room for another subsection
        i = r.randrange(len(units))
        if writer.add_group(units[i], units[:i]):
            break
    return doc


def dump_yaml(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def write_draft(folder: Path, index: int, writer: English | Chinese, versions: int,
                target_bytes: int) -> int:
    """One draft folder, its first version near ``target_bytes``; returns the bytes written."""
    r = writer.rng
    slug, title = writer.title(index)
    folder = folder / slug
    (folder / "versions").mkdir(parents=True)
    day = date(2026, 1, 5) + timedelta(days=r.randint(0, 300))
    meta = {
        "title": title, "number": f"2026-{index:03d}",
        "sponsors": r.sample(["Ada Park", "Luis Ortega", "Mei Chen", "Sam Okafor", "Ruth Levy"],
                             r.randint(1, 3)),
        "committee": r.choice(["Housing and Land Use", "Public Works", "Finance", "Governance"]),
        "status": r.choice(["Introduced", "In committee", "Passed first reading"]),
        "summary": "A synthetic draft generated for benchmarks.",
        "topics": r.sample(["housing", "environment", "transport", "budget", "health"], 2),
    }
    if writer.language:
        meta["language"] = writer.language
    meta["comment_period"] = {"opens": day, "closes": day + timedelta(days=r.choice([30, 45, 60])),
                              "allow_late": False}
    meta["hearings"] = []
    (folder / "draft.yaml").write_bytes(dump_yaml(meta).encode())
    doc = write_document(writer, target_bytes)
    written = 0
    for n in range(1, versions + 1):
        if n > 1:
            doc = revise(doc, writer)
            day += timedelta(days=r.randint(7, 40))
        stage, label, note = (writer.stages[n - 1] if n <= len(writer.stages)
                              else (f"revision-{n}", f"Revision {n}", "A further revision."))
        front = dump_yaml({"label": label, "date": day, "stage": stage, "note": note})
        text = f"---\n{front}---\n\n{render(doc)}".encode()
        (folder / "versions" / f"{n:02d}-{stage}.md").write_bytes(text)
        written += len(text)
    return written


def make_corpus(root: Path, drafts: int, versions: int, seed: int = 0,
                kb: float = 34) -> CorpusStats:
    """Write site.yaml and ``drafts`` drafts of ``versions`` versions, about ``kb`` KiB each."""
    if (root / "drafts").exists():
        raise FileExistsError(f"{root / 'drafts'} exists; make_corpus writes a fresh project")
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    site = {"title": "Synthetic Drafts", "body": "Benchmark Council",
            "base_url": "http://127.0.0.1:8000/", "language": "en", "timezone": "UTC"}
    (root / "site.yaml").write_bytes(dump_yaml(site).encode())
    # Sizes spread evenly over 70% to 130% of the target, in shuffled order: the mean is exact.
    sizes = [kb * 1024 * (0.7 + 0.6 * (i + 0.5) / drafts) for i in range(drafts)]
    rng.shuffle(sizes)
    total = 0
    for index, size in enumerate(sizes, start=1):
        writer = Chinese(rng) if index % 3 == 0 else English(rng)
        total += write_draft(root / "drafts", index, writer, versions, int(size))
    return CorpusStats(drafts, drafts * versions, total)
