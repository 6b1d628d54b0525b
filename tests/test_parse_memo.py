"""A draft's versions parsed together (``provisions/memo.py``) and with the parser left
without the rules a text has no use for (``markdown.unused_rules``) give exactly the
tokens, and the provisions, of each text parsed alone by the whole parser: on the
examples, the real samples in ``../shared/corpora`` and hostile inputs."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from generator.content.loader import split_front_matter
from generator.provisions import memo as memo_module
from generator.provisions.external import ENV_KEY
from generator.provisions.markdown import markdown, markdown_for
from generator.provisions.memo import ParseMemo, chunks, copy_token
from generator.provisions.parser import ParsedVersion, parse_version

REPO = Path(__file__).resolve().parent.parent
CORPORA = next((d / "shared" / "corpora" for d in REPO.parents
                if (d / "shared" / "corpora").is_dir()), REPO.parent / "shared" / "corpora")


def version_bodies(root: Path) -> dict[str, list[str]]:
    """Each draft's version bodies (front matter taken off), by draft folder."""
    drafts: dict[str, list[str]] = defaultdict(list)
    for path in sorted(root.glob("drafts/*/versions/*.md")):
        text = path.read_text(encoding="utf-8")
        split = split_front_matter(text)
        drafts[str(path.parent.parent)].append(split[1] if split else text)
    return dict(drafts)


def tokens_of(tokens) -> list[tuple]:
    """Every field of every token, children included (``Token`` compares them all too)."""
    return [(t.type, t.tag, t.nesting, t.attrs, t.map, t.level, t.content, t.markup,
             t.info, t.meta, t.block, t.hidden,
             tokens_of(t.children) if t.children is not None else None) for t in tokens]


def assert_same_tokens(texts: list[str]) -> None:
    """The texts parsed with one memo, as markdown-it parses each alone (with its own inline
    parser for plain text too: ``markdown.inline``)."""
    memo = ParseMemo(texts)
    for text in texts:
        alone_env: dict = {}
        alone = markdown(plain=False).parse(text, alone_env)
        env: dict = {}
        got = memo.parse(text, env)
        assert tokens_of(got) == tokens_of(alone), text
        assert env.get(ENV_KEY, []) == alone_env.get(ENV_KEY, []), text
        lean_env: dict = {}
        assert tokens_of(markdown_for(text).parse(text, lean_env)) == tokens_of(alone), text
        assert lean_env == alone_env


def snapshot(tokens) -> list[tuple]:
    """Each token's fields as they are now (its children: the same list, as long)."""
    return [(t.type, t.tag, t.nesting, dict(t.attrs), list(t.map) if t.map else None, t.level,
             t.content, t.markup, t.info, dict(t.meta), t.block, t.hidden, id(t.children),
             len(t.children) if t.children is not None else None) for t in tokens]


def outline(parsed: ParsedVersion) -> list[tuple]:
    """What a parsed version is, as comparable values: each provision and fragment."""
    return [(p.kind, p.num, p.label, p.id, p.line, p.heading, p.heading_html, p.text,
             p.is_heading, [(f.html, f.text, f.line, f.table) for f in p.fragments])
            for p in parsed.root.walk()] + [sorted(map(str, parsed.problems)),
                                            sorted(parsed.index)]


def assert_same_provisions(texts: list[str]) -> None:
    """The texts parsed with one memo, as each alone; and Docket changes none of the tokens
    the memo gives it (a later text may be given the same tokens)."""
    memo = ParseMemo(texts)
    given: list = []
    parse = memo.parse

    def kept(text: str, env: dict):
        tokens = parse(text, env)
        given[:] = [tokens, snapshot(tokens)]
        return tokens

    memo.parse = kept  # type: ignore[method-assign]
    for n, text in enumerate(texts):
        alone = parse_version(text, f"v{n}.md", 4)
        together = parse_version(text, f"v{n}.md", 4, memo)
        assert outline(together) == outline(alone), text
        assert snapshot(given[0]) == given[1], text


HOSTILE = [
    "",
    "\n",
    "# Title\n",
    "## Section 1. A\n\nText.\n\n## Section 2. B\n\n(a) one\n\n(b) two\n",
    # fences that hold what looks like a cut, closed and not
    "## Section 1\n\n```\ncode\n\n# not a heading\n```\n\n## Section 2\n\nText\n",
    "## Section 1\n\n~~~~ info\n\n# inside\n~~~\n\n# still inside\n~~~~\n\n# out\n",
    "## Section 1\n\n```\nnever closed\n\n# inside\n\n## inside too\n",
    "```js`x\n\n# a paragraph with code, not a fence\n\n```\n\n# inside a fence\n",
    "Text\n```\nfence after a paragraph\n\n# inside\n```\n\n# out\n",
    # fences inside containers (indented: the text is parsed whole)
    "1. item\n\n   ```\n   code\n\n# heading\n\n```\nreal fence\n\n# inside\n```\n",
    "- ```\n  code\n\n# heading after a list\n",
    "> ```\n> quoted code\n\n# heading\n\n> quote\n\n# again\n",
    "  ```\n  indented fence\n\n# inside\n  ```\n\n# out\n",
    # lists with blank lines, loose and tight, before and after headings
    "(a) one\n\n    continued\n\n# Part\n\n1. a\n\n2. b\n\n# Next\n\n- x\n- y\n\n  more of y\n\n# End\n",
    "1. one\n2. two\n\n# Head\n\n3. three\n\n   # inside the item\n",
    # an indented line after a blank line, beside a fence (read line by line): an item's
    "```\n```\n1. item\n\n   continued",
    "~~~\n~~~\n- item\n\n\tcontinued after a tab",
    "- a\n\n  - b\n\n    c\n\n# h\n",
    # block quotes, tables, setext headings, thematic breaks, indented code
    "> quote\n>\n> # quoted heading\n\n# real heading\n\n> another\n",
    "| a | b |\n| - | - |\n| 1 | 2 |\n\n# Head\n\n| c |\n|---|\n| 3 |\n",
    "Setext\n======\n\n# Head\n\nOther\n------\n\n***\n\n# More\n\n- - -\n",
    "    indented code\n\n# not in it\n\n    more code\n\n\n    still code\n\n# h\n",
    # reference links across chunks, raw HTML, images, entities, escapes, emphasis
    "See [the act][act].\n\n# Part 2\n\n[act]: https://example.org/act\n",
    "# A\n\n[x]\n\n# B\n\n[x]: /one\n\n# C\n\n[x]: /two\n",
    "<div>\n\n# heading in html?\n\n</div>\n\n<script>alert(1)</script>\n",
    "# Images\n\n![seal](https://tracker.example/pixel.gif)\n\n# More\n\n"
    "line\n![x](//evil.example/x.png) and ![ok](seal.png)\n",
    "&amp; &#35; \\# *em* __strong__ ~~struck~~ `code` <https://a.example>\n\n# h *b*\n",
    # line endings, NUL characters, tabs, whitespace-only lines
    "# A\r\n\r\nText\r\n\r\n# B\r\n\r\n(a) one\r\n",
    "# A\r\rText\r\r# B\r",
    "Setext\r\n---\r\n\r\nand CR\r===\r\n\r\n> quoted\r\n> ---\r\n\r\n- item\r\n  ==  \r\n",
    "Wort-\nbruch am Zeilenende -\nund = am Ende =\n\n- - -\n\nText\n  -\n",
    "| a |\n|---|\n| 1 |\n\n- ***\n\n> 1. _ _ _\n\n2) ---\n\n+\t* * *\n\nText\r***\r",
    "| a |\n|---|\n\nnot a break: --- x\n\nx ***\n\n- a\n- b\n\n1. c\n",
    "# A\n\nnul \0 here\n\n# B\n\x00\n",
    "# A\n\t\n# B\n \t \n# C\n\n\t# indented by a tab\n\n#not a heading\n\n#\n",
    "\n# starts with a blank line\n\n# and another\n",
    # Chinese and German numbering
    "# 第一章 总则\n\n第一条　为了规范。\n\n（一）一项；\n\n# 第二章\n\n第二条　见第一条。\n",
    "#### § 1 Zweck\n\n(1) Satz.\n\n1. eins\n\n2. zwei\n\n#### § 2\n\nNach § 1 Abs. 1.\n",
]


def test_the_memo_gives_the_tokens_of_a_plain_parse_on_hostile_inputs() -> None:
    assert_same_tokens(HOSTILE)
    for text in HOSTILE:
        assert_same_tokens([text, text + "\n# Added\n\nText.\n", text])


def test_the_memo_gives_the_provisions_of_a_plain_parse_on_hostile_inputs() -> None:
    assert_same_provisions(HOSTILE + HOSTILE[::-1])


def test_the_memo_gives_the_tokens_and_provisions_of_a_plain_parse_on_the_examples() -> None:
    drafts = version_bodies(REPO)
    assert drafts
    for texts in drafts.values():
        assert_same_tokens(texts)
        assert_same_provisions(texts)


@pytest.mark.skipif(not CORPORA.is_dir(), reason="no ../shared/corpora beside the repository")
def test_the_memo_gives_the_tokens_and_provisions_of_a_plain_parse_on_real_laws() -> None:
    corpora = [d for d in sorted(CORPORA.iterdir()) if (d / "drafts").is_dir()]
    assert corpora
    for corpus in corpora:
        for texts in version_bodies(corpus).values():
            assert_same_tokens(texts)
            assert_same_provisions(texts)


PIECES = [
    "## Section {n}. Title", "# Part {n}", "#### § {n}", "#{n} not a heading", "(a) text {n}",
    "({n}) text", "1. item {n}", "- bullet {n}", "   continued {n}", "    indented {n}",
    "> quoted {n}", ">", "```", "~~~", "```py", "  ```", "| a | b |", "| - | - |",
    "text with [a link][r{n}] and *em*", "[r{n}]: /target", "<b>html {n}</b>", "***", "---",
    "===", "![img](https://x.example/{n}.png)", "第{n}条　文字", "", "", "", "\t", "  ",
    # thematic breaks and setext underlines behind containers, and lines that only end so
    "- ***", "1. ---", "2) _ _ _", "> ___", ">\t===", "+\t- - -", "  ==  ", "|---|---|",
    "Wort-", "text ---", "a = b =", "-", "=",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=30), min_size=1, max_size=3),
       st.integers(0, 3))
def test_the_memo_gives_the_tokens_of_a_plain_parse_on_generated_texts(
        versions: list[list[str]], n: int) -> None:
    texts = ["\n".join(line.format(n=n + i) for i, line in enumerate(lines))
             for lines in versions]
    assert_same_tokens([*texts, texts[0] + "\n\n# Appended\n\nText\n"])


def test_a_copied_token_has_every_field_of_the_token_and_shares_nothing_mutable() -> None:
    """``copy_token`` sets the fields one by one: a field markdown-it adds must be copied
    too (reading an unset one raises)."""
    token = markdown().parse("(a) *Text* [x](/y)\n", {})[1]
    token.attrs["class"] = "c"
    copy = copy_token(token, 5)
    for field in dataclasses.fields(Token):
        value, copied = getattr(token, field.name), getattr(copy, field.name)
        if field.name == "map":
            assert copied == [value[0] + 5, value[1] + 5]
        else:
            assert copied == value, field.name
        if isinstance(value, (dict, list)):
            assert copied is not value, field.name


def test_what_the_versions_share_is_parsed_once(monkeypatch) -> None:
    """The point of the memo: the introduced text, repeated in the committee substitute,
    is read by markdown-it once (in one go); of the substitute, only what changed."""
    sections = [f"## Section {n}. Title {n}\n\n(a) First {n}.\n\n(b) Second {n}.\n\n"
                for n in range(6)]
    first = "".join(sections)
    second = first.replace("(a) First 3.", "(a) Changed 3.") + "## Section 6. Added\n"
    assert len(chunks(first)) == 18
    parsed: list[str] = []

    def counting(text: str):
        parsed.append(text)
        return markdown_for(text)

    monkeypatch.setattr(memo_module, "markdown_for", counting)
    memo = ParseMemo([first, second])
    memo.parse(first, {})
    memo.parse(second, {})
    assert parsed == [first, "(a) Changed 3.\n\n", "## Section 6. Added\n"]
    assert_same_tokens([first, second])


def test_a_version_kept_from_an_earlier_build_costs_the_others_nothing_kept() -> None:
    """A version whose parse the cache kept is not parsed with the memo: the chunks it
    shares are then used once, so nothing is kept for it (``ParsedTexts``)."""
    first = "## Section 1\n\n(a) One.\n\n## Section 2\n\n(a) Two.\n"
    second = first + "\n## Section 3\n\n(a) Three.\n"
    memo = ParseMemo([first, second])
    memo.skip(first)
    env: dict = {}
    assert tokens_of(memo.parse(second, env)) == tokens_of(markdown().parse(second, {}))
    assert memo._kept == {}
    both = ParseMemo([first, second])
    both.parse(first, {})
    assert both._kept  # without the skip, the shared sections are kept for the second


def test_a_later_text_gets_the_tokens_themselves_and_a_chunk_twice_in_one_text_a_copy(
        monkeypatch) -> None:
    """What a later text shares with an earlier one is handed on without a copy (the
    earlier text is done with it); a chunk one text holds twice is not the same tokens in
    both places (their maps differ, and Docket may copy and change one of them)."""
    first = "# A\n\n(a) Same.\n\n# B\n\n(a) Same.\n"
    second = first + "\n# C\n\n(a) Same.\n"
    copies: list[Token] = []

    def counting(token: Token, shift: int = 0) -> Token:
        copies.append(token)
        return copy_token(token, shift)

    monkeypatch.setattr(memo_module, "copy_token", counting)
    memo = ParseMemo([first, second])
    one = memo.parse(first, {})
    assert copies == []  # (both places of "(a) Same." were parsed in one run)
    heading_a = one[0]
    two = memo.parse(second, {})
    assert two[0] is heading_a
    assert len({id(t) for t in two}) == len(two)
    assert len(copies) == 3  # the third "(a) Same." of the second text: a copy
    assert tokens_of(two) == tokens_of(markdown().parse(second, {}))


def test_a_build_with_a_cached_version_hands_its_memo_the_skip(tmp_path) -> None:
    """Through the build's cache: the first version comes from the cache, the second is
    parsed with the draft's memo, and both are what a plain parse gives."""
    from generator.build.caches import ParsedTexts
    from generator.content.parsed import Source, parse_together
    from generator.model import Version

    first = "## Section 1\n\n(a) One.\n\n## Section 2\n\n(a) Two.\n"
    second = first + "\n## Section 3\n\n(a) Three.\n"
    texts = ParsedTexts(tmp_path)
    Source(first, "v1.md", 4, texts)()  # kept, as by an earlier build
    versions = [Version(f"0{n}", n, None, tmp_path / f"v{n}.md",  # type: ignore[arg-type]
                        Source(text, f"v{n}.md", 4, texts))
                for n, text in enumerate((first, second), start=1)]
    parse_together(versions)
    for version, text in zip(versions, (first, second), strict=True):
        assert outline(version.parsed) == outline(
            parse_version(text, f"v{version.number}.md", 4))
