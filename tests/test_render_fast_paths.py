"""Page rendering's fast paths give what the plain ways give: a version's text drawn in one
walk is the markup the same text gets through a provision template of that markup, and the
escaping that first asks whether there is anything to escape is ``html.escape``."""

from __future__ import annotations

import textwrap
from html import escape

from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment

from generator.content.loader import load_project
from generator.model import Provision
from generator.provisions.parser import parse_version
from generator.render.fragments import (
    Strings,
    _filled,
    contents_html,
    escape_attr,
    escape_text,
    text_html,
)
from generator.render.page import version_citations
from generator.render.pages import table_of_contents

from .conftest import REPO

# ``_provisions``' markup, as a ``PROVISION_TEMPLATE``: rendered per provision from the
# pieces ``_templated`` makes with ``_controls`` (the way the markup was drawn before).
THE_THEMES_MARKUP = (
    '{% if provision.is_heading %}<section class="pv pv-{{ provision.kind }}" '
    'id="{{ provision.id }}">{{ comment }}<h{{ heading_level }}>'
    "{% if provision.label %}<b>{{ provision.label }}</b> {% endif %}{{ heading }} "
    "{{ permalink }}</h{{ heading_level }}>\n{{ body }}</section>\n"
    '{% else %}<div class="pv pv-{{ provision.kind }}" id="{{ provision.id }}">'
    "{% if provision.label %}<b>{{ provision.label }}</b>{% endif %}{{ comment }}"
    "{{ permalink }}{{ body }}</div>\n{% endif %}"
)

TEXTS = [
    """
    BE IT ENACTED:

    ## Chapter 1. Terms & <names>

    ### Section 1. Purpose

    This law regulates rentals & <b>units</b> in the city.

    ### Section 2. Fees

    (a) The fee is $300 < $400 per year.

    (b) Fees are due yearly.

    1. on the first of January;
    2. or on the first working day after it.

    | Type | Fee |
    |---|---|
    | Hosted | $150 |
    """,
    """
    ## 第一章　总则

    第一条　为了加强管理，制定本条例。

    本条例所称单位，是指本市的机关。

    第二条　本条例适用于本市。

    （一）第一项；

    （二）第二项。
    """,
]


def _versions():
    """Every version of the examples, and the texts above (as versions of their own)."""
    project = load_project(REPO).project
    found = [v for d in project.drafts for v in d.versions]
    for n, text in enumerate(TEXTS):
        parsed = parse_version(textwrap.dedent(text).lstrip("\n"), f"v{n}.md")
        found.append(_Parsed(parsed.root))
    return found


class _Parsed:
    """A version with nothing but its text (what ``version_citations`` asks of one)."""

    def __init__(self, root: Provision) -> None:
        self.root = root
        self.parsed = self
        self.citations = None


def _strings() -> list[Strings]:
    """The English strings, and translations whose messages a split cannot serve (the
    name twice, a ``%%``), which are formatted as they were."""
    def twice(message: str) -> str:
        return message.replace("%(name)s", "%(name)s (%(name)s)")

    def percent(message: str) -> str:
        return message.replace("%(name)s", "%(name)s 100%%")

    return [Strings.translated(lambda message: message), Strings.translated(twice),
            Strings.translated(percent)]


def test_a_version_text_drawn_in_one_walk_is_the_markup_provision_by_provision():
    template = Environment(autoescape=True).from_string(THE_THEMES_MARKUP)
    drawn = 0
    for version in _versions():
        root = version.root
        ids = [p.id for p in root.walk() if p is not root]
        counts = {pid: n % 3 + 1 for n, pid in enumerate(ids[::4])}
        cites = version_citations(version)
        for strings in _strings():
            for args in [(None, cites, None, None), ("../comment/?a=1&b=2", cites, None, None),
                         ("comment/", {}, counts, None), (None, cites, None, counts),
                         ("comment/", cites, counts, counts)]:
                fast = text_html(root, strings, *args)
                assert fast == text_html(root, strings, *args, template=template)
                drawn += fast.count('class="pv ')
    assert drawn > 1000


@given(st.text(alphabet=st.sampled_from("ab &<>\"'第§")))
def test_escaping_only_what_holds_something_to_escape_is_escaping(text):
    assert escape_attr(text) == escape(text)
    assert escape_text(text) == escape(text, quote=False)


@given(st.text(alphabet="ab %()s"), st.text(alphabet="ab %()s"), st.text(alphabet="xy%&"))
def test_a_message_split_around_its_name_reads_as_the_message_formatted(before, after, name):
    message = f"{before}%(name)s{after}"
    split = _filled(message, "name")
    if split is None:
        assert message.count("%") > 1  # (formatted with ``%``, as before)
    else:
        assert split[0] + name + split[1] == message % {"name": name}


# The theme's table of contents as it was drawn, by a macro calling itself per level (with
# the theme's whitespace settings).
THE_THEMES_CONTENTS = """{% macro toc(entries) %}
<ol>
{% for e in entries %}
<li><a href="#{{ e.provision.id }}">{{ e.provision.title or e.provision.id }}</a>
{% if e.children %}{{ toc(e.children) }}{% endif %}
</li>
{% endfor %}
</ol>
{% endmacro %}{{ toc(entries) }}"""


def test_a_table_of_contents_drawn_in_python_is_the_markup_of_the_macro():
    macro = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True
                        ).from_string(THE_THEMES_CONTENTS)
    drawn = 0
    for version in _versions():
        entries = table_of_contents(version)
        if entries:
            assert contents_html(entries) == macro.render(entries=entries)
            drawn += contents_html(entries).count("<li>")
    assert drawn > 50
    hostile = Provision("sec", num="1", label='§ 1 "<b>"', heading="Fees & 'charges'",
                        id="sec_1")
    nested = Provision("part", num="A", label="", heading="", id='part_"A"', parts=[hostile])
    nested.is_heading = hostile.is_heading = True
    root = Provision("root", parts=[nested])
    entries = table_of_contents(_Parsed(root))
    assert contents_html(entries) == macro.render(entries=entries)
    assert "&#34;" in contents_html(entries)
