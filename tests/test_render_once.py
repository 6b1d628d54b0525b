"""Markup drawn once per build and language (render/output.py ``once``): the compare page's
strings for its script, the comment form's messages, a redline's change summary. Each is
rendered the first time its key is met and given again after; a page must read exactly as
if it were drawn anew."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from jinja2 import Environment

from generator.build.run import prepare_theme
from generator.content.loader import load_project
from generator.redline import Summary
from generator.render.environment import Assets, _once
from generator.render.output import interfaces, page_text
from generator.render.site import site_pages
from generator.theme import template_dirs

from .conftest import REPO

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def test_once_draws_its_body_the_first_time_each_key_is_met():
    drawn: list[str] = []
    env = Environment(autoescape=True)
    env.globals.update(once=_once(), drawn=lambda word: drawn.append(word) or "")
    template = env.from_string('{% call once("k", word) %}{{ drawn(word) }}<b>{{ word }}</b>'
                               '{% endcall %}')
    pages = [template.render(word=word) for word in ["a<", "b", "a<", "b", "a<"]]
    assert pages == ["<b>a&lt;</b>", "<b>b</b>"] * 2 + ["<b>a&lt;</b>"]
    assert drawn == ["a<", "b"]
    other = Environment(autoescape=True)  # (another language's: its own)
    other.globals.update(once=_once(), drawn=lambda word: drawn.append(word) or "")
    assert other.from_string(template_source := '{% call once("k") %}{{ drawn("c") }}c'
                             '{% endcall %}').render() == "c"
    assert other.from_string(template_source).render() == "c" and drawn == ["a<", "b", "c"]


def test_pages_with_markup_drawn_once_read_as_if_each_was_drawn_anew(built_examples):
    """Every compare and comment page of the examples (two interface languages, a draft in
    the other language: the compare page marks its ``data-lang``), and every page with a
    redline's change summary (draft, version and redline pages), as built, against the
    same page rendered with ``once`` drawing its body every time."""
    root = built_examples(NOW)
    project = load_project(root).project
    envs = prepare_theme(project, template_dirs(root), False, []).envs
    for env, _site in envs.values():
        env.globals["once"] = lambda *key, caller: caller()
    pages = [p for p in site_pages(project, NOW) if p.template in (
        "compare.html", "comment.html", "draft.html", "version.html", "redline.html")]
    assert {p.language or project.config.language for p in pages} == {"en", "zh-Hans"}
    for page in pages:
        built = (root / "site" / page.output).read_text(encoding="utf-8")
        assert page_text(envs, project.config, NOW, page) == built, page.output


def test_a_change_summary_drawn_once_reads_as_each_summary_drawn_anew(tmp_path):
    """Every summary of up to two changes of each kind, in both interface languages, after
    all the others (so each meets the summaries drawn before it), against the same summary
    drawn anew: the key names every count the summary reads."""
    config = load_project(REPO).project.config
    assets = Assets.collect(template_dirs(REPO))
    counts = list(itertools.product(range(3), repeat=5))
    for code, (env, _site) in interfaces(tmp_path, config, assets, reuse=False).items():
        source = '{% from "_redline.html" import summary with context %}{{ summary(s) }}'
        once_drawn = [env.from_string(source).render(s=Summary(*c)) for c in counts]
        env.globals["once"] = lambda *key, caller: caller()
        anew = [env.from_string(source).render(s=Summary(*c)) for c in counts]
        assert once_drawn == anew, code
        assert len(set(anew)) == len(counts)
