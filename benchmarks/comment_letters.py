"""The synthetic docket of form letters the campaigns benchmark imports and the campaign
tests group, and how a grouping is scored against it: data and arithmetic, no timing.

``synthetic`` (deterministic from a seed): twenty form letters, ten English and ten Chinese;
about 10 % of comments are the commenters' own words, the rest copies of a letter, some
verbatim but for case, punctuation and spacing, some signed with a name, some with a few
words (or characters) changed, some with a sentence of their own added. The generator knows
which letter each comment came from: that is the truth a grouping is scored against.

**Precision and recall are pairwise** (``pairwise``): over every pair of comments, a pair is
*predicted* when both are in the same campaign and *true* when both came from the same letter
(a comment in its own words is in no true group). Precision = true pairs predicted / pairs
predicted; recall = true pairs predicted / true pairs.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator

LETTERS = 20
UNIQUE_SHARE = 0.10
SEED = 14


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
