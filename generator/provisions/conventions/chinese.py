"""Chinese drafting beyond 编/章/节/条/款/（一）, which ``numbering.py`` reads.

Decisions, notices and lists number their top level ``一、二、三、`` (a point, not an article),
with ``（一）`` items under a point and ``1．`` (目) under an item. A reference to another law
names it right before the article: ``刑法第三百三十八条``, ``《中华人民共和国刑法》第三条``,
``该法第五条``; ``本法第三条`` (this law) is not one.
"""

from __future__ import annotations

import re

from ..number import Number
from ..numerals import CHINESE_NUMERAL_CHARS, chinese_to_int

STYLE_KINDS = {"cn-dun": "point", "cn-decimal": "subitem"}
TOP_LEVEL_STYLES = ("cn-dun",)

POINT = re.compile(rf"^(?:\*\*)?(?P<v>[{CHINESE_NUMERAL_CHARS}]+)、(?:\*\*)?[\s\u3000]*")
# ``1．设计`` (full-width stop) or ``1.设计`` before Chinese text; ``1.5亿元`` is prose, and
# ``1. text`` with a space is a Markdown list item, read as such.
SUBITEM = re.compile(r"^(?:\*\*)?(?P<v>\d{1,3})(?:．|\.(?=[^\x00-\x7f]))(?:\*\*)?[\s\u3000]*")


def match_prefix(text: str) -> tuple[Number, str] | None:
    """``一、`` (a point) or ``1．`` (an item's subitem) at the start of a paragraph."""
    if m := POINT.match(text):
        value = chinese_to_int(m["v"])
        label = m.group(0).strip().strip("*")
        return Number(label, str(value), styles=(("cn-dun", value),)), text[m.end() :]
    if m := SUBITEM.match(text):
        value = int(m["v"])
        label = m.group(0).strip().strip("*")
        return Number(label, str(value), styles=(("cn-decimal", value),)), text[m.end() :]
    return None


# The name of a law, or "that law", right before 第…条; 本法/本条例 (this law) is not.
OTHER_LAW_BEFORE = re.compile(
    r"(?:》|(?<!本)(?:法|条例|规定|办法|细则|规则|决定|解释|公约|协定|修正案)(?:（[^（）]{1,8}）)?"
    r"|该法|该条例|该规定|该办法)[\s\u3000]*$"
)
# ... unless the name is this one's, however it calls itself: ``本办法``, ``本实施条例``,
# ``本暂行规定`` (the ``法`` of ``本办法`` alone looks like another law's name).
THIS_LAW_BEFORE = re.compile(
    r"本(?:实施|暂行|试行|补充)?(?:法|条例|规定|办法|细则|规则|决定|解释)(?:（[^（）]{1,8}）)?"
    r"[\s\u3000]*$"
)
# How far before the spaces that end the text a match of either can begin: 本, two
# characters, a name of up to three, ten of a parenthesis (and one more for (?<!本)).
BEFORE_REACH = 16
# Between two references of one list: ``《海洋环境保护法》第八十九条、第九十一条`` names the law
# once, and the article after the 、 is that law's too.
LIST_JOINER = re.compile(r"^[\s\u3000]*(?:、|，|,|和|或者|或|及|以及|与|至|到)[\s\u3000]*$")
