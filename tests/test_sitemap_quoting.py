"""The sitemap's attributes (render/discovery.py) are quoted exactly as the standard
library's ``xml.sax.saxutils.quoteattr`` quotes them, without importing it at every build."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from hypothesis import given
from hypothesis import strategies as st

from generator.render.discovery import _attribute


@given(st.text(alphabet=st.sampled_from(list("ab&<>\"'\n\r\t ;#é中")), max_size=12))
def test_an_attribute_is_quoted_as_quoteattr_quotes_it(value):
    assert _attribute(value) == quoteattr(value)


def test_the_usual_attributes():
    for value in ("en", "zh-Hans", "https://example.org/zh-Hans/drafts/a&b/",
                  "it's", 'say "x"', "both ' and \""):
        assert _attribute(value) == quoteattr(value)
