"""Templates' ``_()`` and ``gettext`` (render/environment.py ``remembered_gettext``) answer
exactly as Jinja's i18n extension does, in every interface language, while remembering the
messages without variables."""

from __future__ import annotations

from gettext import NullTranslations
from zoneinfo import ZoneInfo

import pytest
from jinja2 import Environment, StrictUndefined

from generator.i18n import translations
from generator.render.environment import EXTENSIONS, Assets, make_environment

TEMPLATE = """\
{{ _("Hearings") }}|{{ _("Hearings") }}|{{ gettext("Compare any two versions") }}
{{ _("%(count)s comments", count="<b>3</b>") }}|{{ _("100%% <sure> & 'quoted'") }}
{% trans %}Hearings{% endtrans %}|{% trans n="<i>" %}Changes {{ n }}{% endtrans %}
{% set gettext = upper %}{{ _("Hearings") }}
"""


def jinja_own(language: str, autoescape: bool) -> Environment:
    env = Environment(extensions=EXTENSIONS, autoescape=autoescape,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(
        translations(language) if language != "xx" else NullTranslations(), newstyle=True)
    return env


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
@pytest.mark.parametrize("autoescape", [True, False])
def test_gettext_answers_as_jinja_does(language, autoescape):
    ours = make_environment(language, ZoneInfo("UTC"), Assets())
    ours.autoescape = autoescape
    theirs = jinja_own(language, autoescape)
    upper = {"upper": lambda text, **_kw: text.upper()}
    for _round in range(2):  # (the second from what was remembered)
        assert (ours.from_string(TEMPLATE).render(upper)
                == theirs.from_string(TEMPLATE).render(upper))
    if language == "zh-Hans":
        assert "听证" in ours.from_string('{{ _("Hearings") }}').render()
