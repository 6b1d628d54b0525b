"""The one page list (render/site.py): the part ``docket serve``'s preview plans after a save
is exactly the whole list's pages of those drafts and of the whole site, sitemap included;
and each draft's folder is looked at once per plan, not by every planner."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from generator.content.loader import load_project
from generator.render import draft_files, lookup, report_page, responses_data, responses_pages
from generator.render.page import Page
from generator.render.search import draft_bytes
from generator.render.site import Part, site_pages, sitemap_pages

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def shape(pages: list[Page]) -> list[tuple]:
    return [(p.output, p.template, p.language, p.draft.slug if p.draft else None, p.pdf)
            for p in pages]


def data(pages: list[Page], output: str) -> str:
    found = [p for p in pages if p.output == output]
    assert len(found) == 1 and found[0].data is not None
    return found[0].data()


def test_a_part_plans_the_whole_lists_pages_of_its_drafts_and_of_the_site(examples):
    project = load_project(examples).project
    whole = site_pages(project, NOW)
    listed = sitemap_pages(whole)
    assert len(project.drafts) > 2 and set(listed) == {d.slug for d in project.drafts}
    for draft in project.drafts:
        part = site_pages(project, NOW, Part(frozenset({draft.slug}), listed))
        assert shape(part) == [s for s in shape(whole) if s[3] in (None, draft.slug)]
        assert data(part, "sitemap.xml") == data(whole, "sitemap.xml")
    both = frozenset(d.slug for d in project.drafts[:2])
    part = site_pages(project, NOW, Part(both, listed))
    assert shape(part) == [s for s in shape(whole) if s[3] is None or s[3] in both]


def test_a_parts_sitemap_lists_the_other_drafts_from_what_it_is_given(examples):
    project = load_project(examples).project
    whole = site_pages(project, NOW)
    first, *others = project.drafts
    alone = data(site_pages(project, NOW, Part(frozenset({first.slug}))), "sitemap.xml")
    assert f"drafts/{first.slug}/" in alone
    assert not any(f"drafts/{d.slug}/" in alone for d in others)
    assert alone != data(whole, "sitemap.xml")


def test_each_drafts_folder_is_looked_at_once_per_plan(examples, monkeypatch):
    project = load_project(examples).project
    looked: list[str] = []
    look = draft_files.look

    def counted(root, draft):
        looked.append(draft.slug)
        return look(root, draft)

    def asked(*args):
        raise AssertionError("a planner looked at a draft's files itself")

    monkeypatch.setattr(draft_files, "look", counted)
    for module in (responses_pages, report_page, responses_data):
        monkeypatch.setattr(module, "has_responses", asked)
    monkeypatch.setattr(lookup, "count_comments", asked)
    site_pages(project, NOW)
    assert sorted(looked) == sorted(d.slug for d in project.drafts)


@pytest.mark.parametrize("slug", ["short-term-rentals"])
def test_a_drafts_files_say_what_its_folder_holds(examples, slug):
    project = load_project(examples).project
    facts = draft_files.draft_files(project)
    draft = next(d for d in project.drafts if d.slug == slug)
    assert facts[slug].responses == (draft.path / "responses.yaml").exists()
    assert facts[slug].comments == lookup.count_comments(project.root, slug)
    assert facts[slug].markdown == draft_bytes(draft) > 0
    assert any(f.comments for f in facts.values()) and any(f.responses for f in facts.values())
