"""Plain inline text read without markdown-it's inline parser (``markdown.inline``) gives
exactly the children the inline parser gives: on generated text, line breaks and spaces
included, and on every text of the examples and the real samples."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from generator.provisions.markdown import markdown, markdown_for, plain_children, unused_rules
from generator.provisions.parser import _inline_renderer, _inline_text

from .test_parse_memo import CORPORA, REPO, tokens_of, version_bodies

# Text, the characters that end a run of it, spaces and tabs around line breaks, and the
# characters where an inline rule begins (for which the shortcut must step aside).
ALPHABET = ["a", "Z", "§", "条", "。", " ", "  ", "\t", "\n", ":", "-", "+", "#", "=", "$",
            "%", "@", "(", ")", "]", "^", "{", "}", "\\", "`", "~", "*", "_", "[", "!", "<",
            "&", "&amp;", "**", "[x](/y)", "![i](/i.png)", "`c`", "\\*"]


def inline_children(content: str, plain: bool) -> list[tuple]:
    [inline] = markdown(plain=plain).parseInline(content, {})
    return tokens_of(inline.children)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=40).map("".join))
def test_plain_text_gets_the_children_of_the_inline_parser(content: str) -> None:
    assert inline_children(content, True) == inline_children(content, False)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([c for c in ALPHABET if c.strip(" \t\n") == "" or c.isalnum()
                                 or c in "§条。:-#"]), max_size=40).map("".join))
def test_the_shortcut_reads_plain_text_with_breaks(content: str) -> None:
    """(The texts of this test are all plain: the shortcut itself is compared.)"""
    stripped = content.strip(" \t\n")
    [inline] = markdown(plain=False).parseInline(stripped, {})
    assert tokens_of(plain_children(stripped)) == tokens_of(inline.children)


def test_hard_and_soft_breaks_and_the_next_lines_indent() -> None:
    content = "one \ntwo  \n\t three   \nfour\t\nfive"
    assert [(t.type, t.content) for t in plain_children(content)] == [
        ("text", "one"), ("softbreak", ""), ("text", "two"), ("hardbreak", ""),
        ("text", "three"), ("hardbreak", ""), ("text", "four\t"), ("softbreak", ""),
        ("text", "five")]
    assert inline_children(content, True) == inline_children(content, False)


def assert_same_tokens(text: str) -> None:
    plain = markdown_for(text).parse(text, {})
    own = markdown(unused_rules(text), plain=False).parse(text, {})
    assert tokens_of(plain) == tokens_of(own), text


def test_the_examples_and_real_laws_parse_the_same_with_the_shortcut() -> None:
    roots = [REPO]
    if CORPORA.is_dir():
        roots += [d for d in sorted(CORPORA.iterdir()) if (d / "drafts").is_dir()]
    texts = [text for root in roots for bodies in version_bodies(root).values()
             for text in bodies]
    assert texts
    for text in texts:
        assert_same_tokens(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*ALPHABET, "&#10;", "&#0;", "\0", "  \n", "\\\n"]),
                max_size=40).map("".join))
def test_a_fragment_is_written_as_markdown_its_renderer_writes_it(content: str) -> None:
    """``parser._inline_renderer`` (text and line breaks written directly) gives the HTML of
    markdown-it's ``renderInline`` and the text of ``_inline_text``, for plain text (soft and
    hard breaks, a newline or a NUL from an entity) and for anything else it hands on."""
    md = markdown()
    render = _inline_renderer(md.renderer, md.options)
    [inline] = md.parseInline(content, {})
    children = inline.children or []
    assert render(inline) == (md.renderer.renderInline(children, md.options, {}),
                              _inline_text(inline))


def test_a_text_that_holds_a_nul_is_written_one_child_at_a_time() -> None:
    """The direct writing joins texts with a NUL for each break; a text token holding a NUL
    of its own (none comes from markdown-it, which reads it as U+FFFD) is not mistaken for a
    break."""
    md = markdown()
    render = _inline_renderer(md.renderer, md.options)
    inline = Token("inline", "", 0)
    inline.children = [Token("text", "", 0, content="a\0<b"), Token("softbreak", "br", 0),
                       Token("text", "", 0, content="c"), Token("hardbreak", "br", 0),
                       Token("text", "", 0, content="d")]
    assert render(inline) == (md.renderer.renderInline(inline.children, md.options, {}),
                              _inline_text(inline))
    assert render(inline)[0] == "a\0&lt;b\nc<br />\nd"
