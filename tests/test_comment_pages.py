"""The comment form on the built site: where it appears, what it holds, and each provider's
markup (form action, attributes, hidden fields, input names, or the iframe)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build.run import build
from generator.content.loader import load_project
from generator.provisions.citation import chinese_numeral, cite, cited, provision_choices

from .commenting_project import NOW, make_project
from .sitecheck import broken_links
from .test_real_laws import CORPORA


@dataclass
class Forms(HTMLParser):
    """The forms, inputs, selects and iframes of a page, with their attributes."""

    forms: list[dict] = field(default_factory=list)
    inputs: list[dict] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    iframes: list[dict] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    def __post_init__(self):
        super().__init__()

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(a)
        elif tag in ("input", "textarea", "select"):
            self.inputs.append({"tag": tag, **a})
        elif tag == "option":
            self.options.append(a.get("value", ""))
        elif tag == "iframe":
            self.iframes.append(a)
        elif tag == "a" and "href" in a:
            self.links.append(a["href"])

    def named(self, name: str) -> dict:
        return next(i for i in self.inputs if i.get("name") == name)

    @property
    def names(self) -> set[str]:
        return {i["name"] for i in self.inputs if "name" in i}


def page(site: Path, path: str) -> tuple[str, Forms]:
    html = (site / path).read_text(encoding="utf-8")
    parsed = Forms()
    parsed.feed(html)
    return html, parsed


def built(tmp_path: Path, comments: str = "  provider: local\n") -> Path:
    root = make_project(tmp_path / "p", comments)
    build(root, now=NOW)
    return root / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return built(tmp_path_factory.mktemp("comment-pages"))


OUR_FIELDS = {"draft", "version", "provision", "name", "email", "organisation",
              "respondent_type", "locality", "position", "comment", "publish_name"}


# ------------------------------------------------------------------ where the form is


def test_an_open_draft_has_a_comment_form_with_every_field(site):
    html, forms = page(site, "drafts/noise-open/comment/index.html")
    (form,) = forms.forms
    assert form["method"] == "post" and form["action"] == "../../../api/comments?lang=en"
    assert forms.names == OUR_FIELDS | {"website"}
    assert forms.named("draft")["value"] == "noise-open"
    assert forms.named("version")["value"] == "01-introduced"
    assert forms.options == ["", "sec_1", "sec_2", "sec_2__subsec_a", "sec_2__subsec_b"]
    assert ">The draft as a whole<" in html and ">Section 2(a) — Between 10 p.m." in html
    for name in ("name", "email", "comment"):
        assert "required" in forms.named(name)
    assert forms.named("email")["type"] == "email"
    assert forms.named("email")["autocomplete"] == "email"
    assert forms.named("comment")["maxlength"] == "20000"
    assert forms.named("website")["tabindex"] == "-1"  # the honeypot, out of the tab order
    assert re.search(r'<div class="trap" aria-hidden="true">', html)
    assert 'href="../../../privacy/"' in html
    assert "data-opens=\"2026-11-01T00:00:00-05:00\"" in html
    assert "data-closes=\"2027-01-15T23:59:59-06:00\"" in html


def test_every_input_has_a_label_and_radio_groups_a_legend(site):
    html, forms = page(site, "drafts/noise-open/comment/index.html")
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    for field_ in forms.inputs:
        if field_.get("type") != "hidden":
            assert field_["id"] in labelled, field_
    assert html.count("<fieldset") == html.count("<legend>") == 3
    assert 'aria-describedby="c-email-hint"' in html


@pytest.mark.parametrize(
    ("draft", "form", "notice"),
    [
        ("noise-closed", False, "Comments closed on October 1, 2026"),
        ("noise-upcoming", "hidden", "Comments open on December 15, 2026"),
        ("noise-late", True, "Late comments are still accepted"),
    ],
)
def test_outside_the_period_the_page_says_so(site, draft, form, notice):
    html, forms = page(site, f"drafts/{draft}/comment/index.html")
    assert notice in html
    if form is False:
        assert forms.forms == [] and "<textarea" not in html
    elif form == "hidden":  # in the page for the script to show when the day comes
        assert re.search(r'<div class="comment-area" data-when="open late" hidden>', html)
    else:
        assert len(forms.forms) == 1
        assert not re.search(r'class="comment-area"[^>]*hidden', html)


def test_a_draft_without_a_period_has_no_comment_page(site):
    assert not (site / "drafts/noise-none/comment").exists()


def test_open_drafts_link_every_provision_to_the_form(site):
    html, forms = page(site, "drafts/noise-open/index.html")
    links = [h for h in forms.links if h.startswith("comment/?")]
    assert links == ["comment/?provision=sec_1", "comment/?provision=sec_2",
                     "comment/?provision=sec_2__subsec_a", "comment/?provision=sec_2__subsec_b"]
    assert 'aria-label="Comment on this provision: Section 2(a)"' in html
    assert '<a class="button" href="comment/">Comment on this draft</a>' in html
    for draft in ("noise-closed", "noise-upcoming", "noise-none"):
        html, _ = page(site, f"drafts/{draft}/index.html")
        assert 'class="cl"' not in html and "Comment on this draft" not in html
    version, _ = page(site, "drafts/noise-open/01-introduced/index.html")
    assert 'class="cl"' not in version  # the version pages are the record, not the form


def test_comment_links_and_the_privacy_page_resolve(site):
    assert (site / "privacy/index.html").exists()
    assert broken_links(site) == []


def test_the_local_provider_sends_nothing_off_the_site(site):
    for path in site.rglob("*.html"):
        _, forms = page(site, path.relative_to(site).as_posix())
        for form in forms.forms:
            assert not re.match(r"^(https?:)?//", form.get("action", "")), path
        assert forms.iframes == []
    script = next((site / "static").glob("comment.*.js")).read_text()
    assert "http://" not in script and "https://" not in script


def test_a_privacy_url_of_your_own_replaces_the_built_in_page(tmp_path):
    site = built(tmp_path, "  provider: local\n  privacy_url: https://example.org/privacy\n")
    assert not (site / "privacy").exists()
    html, _ = page(site, "drafts/noise-open/comment/index.html")
    assert 'href="https://example.org/privacy"' in html


# ------------------------------------------------------------------ providers' markup


def test_formspree_markup(tmp_path):
    site = built(tmp_path, "  provider: formspree\n  form_id: xyzzabcd\n")
    html, forms = page(site, "drafts/noise-open/comment/index.html")
    (form,) = forms.forms
    assert form["action"] == "https://formspree.io/f/xyzzabcd" and form["method"] == "post"
    assert "data-fetch" not in form
    assert forms.names == OUR_FIELDS | {"_gotcha", "_subject"}
    assert forms.named("_subject")["value"] == "Comment on Noise Ordinance (open)"
    assert "processed by Formspree" in html
    privacy, _ = page(site, "privacy/index.html")
    assert "processed by Formspree" in privacy
    # Formspree's page thanks the commenter, who is given no number there: the notice says
    # when one is given (the built-in intake's, "when it is received", would not be true).
    assert "tracking number when" in privacy and "takes it into the record" in privacy
    assert "when it is received" not in privacy


def test_the_privacy_note_is_punctuated_in_the_interface_language(tmp_path):
    """The sentence under the form ends as its language ends one: 。 and full-width
    brackets in Chinese, not an English full stop after Chinese words."""
    root = make_project(tmp_path / "p", "  provider: formspree\n  form_id: xyzzabcd\n")
    site_yaml = root / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "languages: [en, zh-Hans]\n",
                         encoding="utf-8")
    build(root, now=NOW)

    def note(path: str) -> str:
        html, _ = page(root / "site", path)
        return re.sub(r"<[^>]+>", "", re.search(r'<p class="privacy-note">(.*?)</p>', html)[1])

    assert note("drafts/noise-open/comment/index.html") == (
        "Before you send, read how your information is handled (this form is processed by "
        "Formspree).")
    assert note("zh-Hans/drafts/noise-open/comment/index.html").endswith(
        "您的信息如何处理（此表单由Formspree处理）。")


def test_netlify_markup(tmp_path):
    site = built(tmp_path, "  provider: netlify\n  form_name: council-comments\n")
    _, forms = page(site, "drafts/noise-open/comment/index.html")
    (form,) = forms.forms
    assert form["data-netlify"] == "true"
    assert form["name"] == "council-comments"
    assert form["netlify-honeypot"] == "website"
    assert "action" not in form  # Netlify takes the POST to the page itself
    assert forms.named("form-name") == {"tag": "input", "type": "hidden", "name": "form-name",
                                        "value": "council-comments"}
    assert forms.names == OUR_FIELDS | {"website", "form-name"}


def test_google_forms_markup(tmp_path):
    site = built(tmp_path, "  provider: google-forms\n  form_id: 1FAIpQLSe_abcdefghijk\n"
                           "  entries:\n    draft: entry.100\n    provision: '200'\n"
                           "    name: entry.300\n    email: entry.400\n    comment: entry.500\n")
    html, forms = page(site, "drafts/noise-open/comment/index.html")
    (form,) = forms.forms
    assert form["action"] == (
        "https://docs.google.com/forms/d/e/1FAIpQLSe_abcdefghijk/formResponse")
    assert forms.names == {"entry.100", "entry.200", "entry.300", "entry.400", "entry.500"}
    assert forms.named("entry.100")["value"] == "noise-open"
    assert "c-locality" not in html and "c-respondent_type" not in html  # not mapped: left out


def test_tally_markup(tmp_path):
    site = built(tmp_path, "  provider: tally\n  form_id: w7Lb2X\n  height: 700\n")
    html, forms = page(site, "drafts/noise-open/comment/index.html")
    assert forms.forms == []
    (frame,) = forms.iframes
    assert frame["src"] == ("https://tally.so/embed/w7Lb2X?alignLeft=1&hideTitle=1&"
                            "transparentBackground=1&draft=noise-open&version=01-introduced")
    assert frame["height"] == "700" and frame["title"].startswith("Comment form for")
    assert frame["data-provision-param"] == "provision"
    assert "tally.so/widgets" not in html  # no third-party script


def test_staticman_markup(tmp_path):
    site = built(tmp_path, "  provider: staticman\n  endpoint: https://staticman.example.org/\n"
                           "  repo: council/drafts\n  branch: gh-pages\n"
                           "  redirect: https://drafts.example.org/thanks/\n")
    _, forms = page(site, "drafts/noise-open/comment/index.html")
    (form,) = forms.forms
    assert form["action"] == ("https://staticman.example.org/v3/entry/github/council/drafts/"
                              "gh-pages/comments")
    assert {f"fields[{n}]" for n in OUR_FIELDS} <= forms.names
    assert forms.named("options[slug]")["value"] == "noise-open"
    assert forms.named("options[redirect]")["value"] == "https://drafts.example.org/thanks/"


# ------------------------------------------------------------------ settings in docket check


@pytest.mark.parametrize(
    ("comments", "expected"),
    [
        ("  provider: formspree\n", "site.yaml:6: missing required key 'comments.form_id'"),
        ("  provider: formspree\n  form_id: 'no!'\n", "site.yaml:8: form_id 'no!' is not a "
         "Formspree form id"),
        ("  provider: netlify\n  form_name: 'a b'\n", "site.yaml:8: form_name must be"),
        ("  provider: google-forms\n  form_id: 1FAIpQLSe_abcdefghijk\n  entries:\n"
         "    name: entry.1\n    email: 'x'\n", "site.yaml:11: entries.email must be like "
         "entry.123456789"),
        ("  provider: google-forms\n  form_id: 1FAIpQLSe_abcdefghijk\n  entries:\n"
         "    name: entry.1\n    email: entry.2\n", "site.yaml:9: entries needs 'comment'"),
        ("  provider: tally\n", "site.yaml:6: missing required key 'comments.form_id'"),
        ("  provider: tally\n  form_id: abc\n  height: 10\n", "site.yaml:9: height must be"),
        ("  provider: staticman\n  endpoint: ftp://x\n  repo: council\n",
         "site.yaml:8: endpoint must be your Staticman's http(s):// address"),
        ("  provider: staticman\n  endpoint: https://x.org\n  repo: council\n",
         "site.yaml:9: repo must be owner/name"),
        ("  provider: local\n  rate_limit: lots\n", "site.yaml:8: rate_limit must look like"),
        ("  provider: local\n  endpoint: api\n", "site.yaml:8: endpoint must be a path"),
        ("  provider: local\n  max_chars: 0\n", "site.yaml:8: max_chars must be between"),
        ("  provider: local\n  max_chars: lots\n", "site.yaml:8: comments.max_chars: Input "
         "should be a valid integer"),
        ("  provider: local\n  privacy_url: privacy.html\n", "site.yaml:8: privacy_url must"),
        ("  provider: local\n  formid: x\n", "site.yaml:8: unknown key 'comments.formid'"),
        ("  provider: mailchimp\n", "site.yaml:7: unknown comments provider 'mailchimp'"),
    ],
)
def test_provider_settings_are_checked_with_their_line(tmp_path, comments, expected):
    root = make_project(tmp_path / "p", comments)
    problems = [str(p) for p in load_project(root).problems]
    assert any(p.startswith(expected) for p in problems), problems


def test_a_setting_left_from_another_provider_is_only_a_warning(tmp_path):
    root = make_project(tmp_path / "p", "  provider: local\n  form_id: xyzzabcd\n")
    loaded = load_project(root)
    assert loaded.ok
    assert [str(p) for p in loaded.problems] == [
        "site.yaml:8: warning: comments.form_id is a setting of formspree, google-forms, "
        "tally; the local provider ignores it"]


# ------------------------------------------------------------------ naming provisions


def test_provisions_are_listed_by_citation(examples):
    drafts = {d.slug: d for d in load_project(examples).project.drafts}
    ordinance = dict(provision_choices(drafts["short-term-rentals"].current))
    assert ordinance["sec_2"] == "Section 2. Definitions"
    assert ordinance["sec_2__subsec_d__para_1"].startswith("Section 2(d)(1) — a natural person")
    bill = dict(provision_choices(drafts["consumer-data-privacy"].current))
    assert bill["part_I"] == "Part I. General Provisions"
    assert bill["sec_2__subsec_a__para_3__subpara_A"].startswith("Sec. 2(a)(3)(A) — ")
    chinese = dict(provision_choices(drafts["waste-sorting"].current))
    assert chinese["chp_1"] == "第一章　总则"
    assert chinese["art_6__para_1__item_1"].startswith("第六条第一款第一项　可回收物")
    assert chinese["art_2"] == "第二条"
    assert [chinese_numeral(n) for n in (1, 10, 12, 20, 105, 165)] == [
        "一", "十", "十二", "二十", "一百零五", "一百六十五"]


def _chains(p, chain=()):
    """Every provision below ``p`` with the path to it from the top: what ``cite`` reads."""
    for child in p.children:
        path = [*chain, child]
        yield child, path
        yield from _chains(child, path)


@pytest.mark.parametrize("corpus", ["examples", "gesetze-sample", "laws-zh-sample"])
def test_one_walk_cites_every_provision_as_its_chain_does(corpus, examples):
    """``cited`` carries the citation down the tree instead of citing each chain from the
    top: the same citation for every provision of every version (German containers above
    any section, Chinese articles, English sections nested in parts)."""
    root = examples if corpus == "examples" else CORPORA / corpus
    if not root.is_dir():
        pytest.skip(f"{root} is not here")
    count = 0
    for draft in load_project(root).project.drafts:
        for version in draft.versions:
            expected = [(p.id, cite(chain)) for p, chain in _chains(version.root)]
            assert [(p.id, c) for p, c in cited(version)] == expected
            count += len(expected)
    assert count > 100


def test_each_comment_page_quotes_from_the_drafts_open_data(site):
    """The page points its script at the draft's open data, which holds the current
    version's provisions, each text once: the texts are not part of the page (a page for a
    long draft stays as light as its form), nor a second file beside it."""
    import json

    html, _ = page(site, "drafts/noise-open/comment/index.html")
    src = re.search(r'id="c-provision-quote" data-src="([^"]+)"', html).group(1)
    assert src == "../../../data/noise-open/draft.json"
    data = json.loads((site / "data/noise-open/draft.json").read_text("utf-8"))
    current = next(v for v in data["versions"] if v["current"])
    fields = data["provision_fields"]
    rows = {row[0]: dict(zip(fields, row, strict=True)) for row in current["provisions"]}
    assert rows["sec_1"]["citation"] == "Section 1" and rows["sec_1"]["depth"] == 0
    assert data["texts"][rows["sec_1"]["text"]] == "Purpose\nThis ordinance keeps the peace."
    assert "This ordinance keeps the peace." not in html
    assert not (site / "drafts/noise-open/comment/provisions.json").exists()
    assert not (site / "drafts/noise-none/comment").exists()
