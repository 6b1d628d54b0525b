"""Top-level paragraphs and headings read without markdown-it's walk over its block rules
(``markdown.block``) give exactly the tokens its own block parser gives: on generated texts
made of every kind of line a block rule looks at, and on every text of the examples and the
real samples."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from generator.provisions import markdown as markdown_module
from generator.provisions.markdown import markdown, new_token, unused_rules

from .test_parse_memo import CORPORA, REPO, tokens_of, version_bodies

# Lines that begin, go on with or end a paragraph, and those that begin any other block at
# the top level or inside a container (indented, tabbed, behind ``>``, in list items, where
# the shortcut reads paragraphs too), with and without the pipe of a table.
LINES = [
    "text", "(a) one", "第一条　文字", "§ 3 Satz", "  two spaces", "   three spaces",
    "    four spaces", "\tafter a tab", " \t mixed", "\u3000全角", "Wort-", "a = b", "x | y",
    "| a | b |", "|---|---|", "| - | - |", ":-:|:-:", "---", "***", "___", "- - -", "===",
    "  ==  ", "-", "=", "# Head", "## Section 1. Title", "####### seven", "#not", "#",
    "  ### indented #", "# closed ##", "#\ttab", "> quote", ">", "- item", "+ item", "* item",
    "1. one", "2) two", "10. ten", "1.", "1)\t", "01. x", "1234567890. x", "123456789) x",
    "2024 Jahr", "25. Jahrestag", "1.5 Mio", "1.test", "3)x", "0. null", "1. ", "1", "```",
    "~~~", "```py", "[r]: /x", "   - nested", "  1. nested", "     deep", "> > quoted",
    "> - in quote", ">     code", "  > lazy", "-   item", "1)  x", "\t- tab item", "   (a) x",
    "[link]", "<div>", "text  ", "text\\", "", "", "", " ", "\t",
]


def block_tokens(text: str, plain: bool) -> list[tuple]:
    return tokens_of(markdown(unused_rules(text), plain=plain).parse(text, {}))


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=25), st.sampled_from(["", "\n", "\n\n"]))
def test_the_shortcut_reads_generated_texts_as_markdown_it_does(lines: list[str],
                                                               end: str) -> None:
    text = "\n".join(lines) + end
    assert block_tokens(text, True) == block_tokens(text, False), text


def test_the_shortcut_is_taken_and_stands_aside(monkeypatch) -> None:
    """Plain paragraphs and headings take the shortcut; a paragraph that a list item, a
    table or a setext underline would end or change goes to markdown-it's rules."""
    calls: list[bool] = []
    read = markdown_module._plain_paragraph

    def counted(state, line: int) -> bool:
        calls.append(read(state, line))
        return calls[-1]

    monkeypatch.setattr(markdown_module, "_plain_paragraph", counted)
    for text in ("# A\n\nOne\ntwo\n\n(a) three\n", "One\n1. item\n", "a | b\n--|--\n",
                 "Title\n===\n", "One\n\n- item\n"):
        calls.clear()
        assert block_tokens(text, True) == block_tokens(text, False), text
        assert calls, text
    assert calls == [True, False, True]  # "One" is plain, "- item" is not, its "item" is


def test_the_examples_and_real_laws_read_the_same_with_the_shortcut() -> None:
    roots = [REPO]
    if CORPORA.is_dir():
        roots += [d for d in sorted(CORPORA.iterdir()) if (d / "drafts").is_dir()]
    texts = [text for root in roots for bodies in version_bodies(root).values()
             for text in bodies]
    assert len(texts) > (10 if CORPORA.is_dir() else 5)  # (a clean clone has no corpora)
    for text in texts:
        assert block_tokens(text, True) == block_tokens(text, False)


def test_a_token_made_field_by_field_is_the_one_markdown_it_makes() -> None:
    made = new_token("paragraph_open", "p", 1, 2, [3, 4], "*")
    built = Token("paragraph_open", "p", 1, map=[3, 4], level=2, markup="*", block=True)
    assert {f.name for f in dataclasses.fields(Token)} == {
        "type", "tag", "nesting", "attrs", "map", "level", "children", "content", "markup",
        "info", "meta", "block", "hidden"}  # a new field must be set by new_token too
    assert made == built
    assert new_token("text", "", 0, 0, content="x", block=False) == Token("text", "", 0,
                                                                           content="x")
    other = new_token("paragraph_open", "p", 1, 2, [3, 4], "*")
    assert made.attrs is not other.attrs and made.meta is not other.meta


def _marks(state) -> tuple:
    return (state.src, state.bMarks, state.eMarks, state.tShift, state.sCount, state.bsCount,
            state.lineMax, state.line, state.blkIndent, state.level, state.parentType,
            state.tight, state.ddIndent, state.listIndent, state._code_enabled)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from([*LINES, " \t \t x", "\t\t", "  \t", "a\tb", "\u3000"]),
                min_size=1, max_size=25), st.sampled_from(["", "\n", "\n\n", " ", "\t"]))
def test_block_state_marks_the_lines_as_markdown_it_does(lines: list[str], end: str) -> None:
    from markdown_it.rules_block import StateBlock

    from generator.provisions.markdown import block_state

    text = "\n".join(lines) + end
    md = markdown()
    assert _marks(block_state(text, md, {}, [])) == _marks(StateBlock(text, md, {}, []))


def test_block_state_marks_the_examples_and_real_laws_as_markdown_it_does() -> None:
    from markdown_it.rules_block import StateBlock

    from generator.provisions.markdown import block_state

    roots = [REPO]
    if CORPORA.is_dir():
        roots += [d for d in sorted(CORPORA.iterdir()) if (d / "drafts").is_dir()]
    md = markdown()
    for root in roots:
        for bodies in version_bodies(root).values():
            for text in bodies:
                assert _marks(block_state(text, md, {}, [])) == _marks(
                    StateBlock(text, md, {}, []))


@pytest.mark.parametrize("text", [
    "One\r\ntwo\r\n\r\n(a) three\r\n", "One\rtwo\r\rthree", "a\0b\n\n§ 1\0\n", "\r\n\r\n# H\r",
    "mixed\r\nends\rand\nnone", "plain\n\n(a) text\n"])
def test_line_ends_and_nuls_are_normalized_as_markdown_it_does(text: str) -> None:
    """``normalize`` leaves a text with neither ``\\r`` nor NUL as it is, and reads any other
    as markdown-it's rule does: the same tokens."""
    assert tokens_of(markdown().parse(text, {})) == tokens_of(markdown(plain=False).parse(text, {}))
    state = StateCore(text, markdown(), {})
    markdown_module.normalize(state)
    assert state.src == text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
