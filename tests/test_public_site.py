"""What the public gets besides the pages: both interface languages complete, Atom feeds,
a sitemap, link previews, open data and a search index."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from generator.build.publish import private_dir
from generator.build.run import build
from generator.content.loader import load_project
from generator.i18n import read_catalog

from .conftest import REPO, SITE_YAML, write

NOW = datetime(2026, 11, 28, 12, 0)
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}|\[[A-Z_]+\]")


@pytest.fixture
def site(built_examples) -> Path:
    """The examples (English and Chinese interfaces) built at NOW, shared: read only."""
    return built_examples(NOW) / "site"


# ------------------------------------------------------------------ catalogs


def template_messages() -> dict[str, tuple]:
    """Every string the templates and the Python code (fragments drawn in Python, the intake
    service's answers) pass to _(), N_() or ngettext(), as extraction finds them now."""
    found = {}
    method_map = [("**.html", "jinja2"), ("**.xml", "jinja2")]
    options = {"**": {"extensions": "jinja2.ext.do"}}
    extracted = [*extract_from_dir(REPO / "templates", method_map, options_map=options),
                 *extract_from_dir(REPO / "generator", [("**.py", "python")])]
    for _file, _line, message, _comments, _context in extracted:
        key = message[0] if isinstance(message, tuple) else message
        found[key] = message
    return found


def test_every_template_string_has_a_chinese_translation():
    catalog = read_catalog("zh-Hans")
    missing, broken = [], []
    for key in template_messages():
        entry = catalog.get(key)
        strings = [] if entry is None else ([entry.string] if isinstance(entry.string, str)
                                            else list(entry.string))
        if entry is None or entry.fuzzy or not all(strings):
            missing.append(key)
            continue
        wanted = sorted(PLACEHOLDER.findall(key))
        broken += [key for s in strings if sorted(PLACEHOLDER.findall(s)) != wanted]
    assert missing == [], "untranslated (run `make messages`, then translate): " + repr(missing)
    assert broken == [], "placeholders differ from the English: " + repr(broken)


def test_the_english_catalog_lists_every_template_string():
    catalog = read_catalog("en")
    assert [key for key in template_messages() if catalog.get(key) is None] == []


def test_a_chinese_site_renders_its_whole_interface_in_chinese(project):
    write(project / "site.yaml", SITE_YAML.replace("language: en", "language: zh-Hans"))
    write(project / "drafts" / "x" / "draft.yaml", """
        title: 测试条例（草案）
        comment_period: {opens: 2026-11-01, closes: 2026-12-31}
    """)
    write(project / "drafts" / "x" / "versions" / "01-first.md",
          "---\nlabel: 一审稿\ndate: 2026-10-01\n---\n\n第一条　为了测试，制定本条例。\n")
    build(project, now=NOW)
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    draft = (project / "site" / "drafts" / "x" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in home and "正在征求意见" in home
    assert "跳到主要内容" in draft and "提意见" in draft
    assert "2026年12月31日 23:59 北美中部标准时间" in draft  # the deadline, its zone named
    assert not (project / "site" / "zh-Hans").exists()  # one language: no switcher, no copy


# ------------------------------------------------------------------ languages in site.yaml


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("language: en\nlanguages: [en, fr]\n", "site.yaml:5: unknown interface language 'fr'"),
        ("language: en\nlanguages: [en, zh-Hans, zh-Hans]\n", "listed twice"),
        ("language: en\nlanguages: [zh-Hans, en]\n", "must be its language ('en')"),
        ("language: klingon\n", "site.yaml:4: unknown interface language 'klingon'"),
    ],
)
def test_site_yaml_languages_are_checked_with_their_line(project, lines, message):
    write(project / "site.yaml", SITE_YAML.replace("language: en\n", lines))
    loaded = load_project(project)
    assert not loaded.ok
    assert any(message in str(p) for p in loaded.problems), [str(p) for p in loaded.problems]


def test_languages_alone_names_the_default(project):
    write(project / "site.yaml", SITE_YAML.replace("language: en\n", "languages: [zh-Hans, en]\n"))
    loaded = load_project(project)
    assert loaded.ok and loaded.project.config.language == "zh-Hans"


def test_every_page_links_to_itself_in_the_other_language(site):
    for page in [site / "index.html", site / "drafts" / "waste-sorting" / "index.html",
                 site / "zh-Hans" / "drafts" / "short-term-rentals" / "02-first-reading" /
                 "index.html"]:
        html = page.read_text(encoding="utf-8")
        assert re.search(r'<a href="[^"]+" hreflang="(en|zh-Hans)" lang="\1">', html), page
        assert '<link rel="alternate" hreflang="zh-Hans"' in html
    zh = (site / "zh-Hans" / "drafts" / "waste-sorting" / "index.html").read_text("utf-8")
    assert '<a href="../../../drafts/waste-sorting/" hreflang="en" lang="en">English</a>' in zh


# ------------------------------------------------------------------ feeds


def parse_feed(path: Path) -> ET.Element:
    feed = ET.fromstring(path.read_bytes())
    assert feed.tag == ATOM + "feed"
    for name in ("id", "title", "updated"):
        assert (feed.findtext(ATOM + name) or "").strip(), f"{path}: feed has no {name}"
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    for entry in feed.findall(ATOM + "entry"):
        for name in ("id", "title", "updated"):
            assert (entry.findtext(ATOM + name) or "").strip(), f"{path}: entry has no {name}"
        datetime.fromisoformat(entry.findtext(ATOM + "updated"))
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None and link.get("href", "").startswith("https://")
    return feed


def entry_ids(feed: ET.Element) -> list[str]:
    return [e.findtext(ATOM + "id") for e in feed.findall(ATOM + "entry")]


def test_feeds_are_atom_with_every_required_element(site):
    feeds = [site / "feed.xml", site / "zh-Hans" / "feed.xml",
             *site.glob("drafts/*/feed.xml"), *site.glob("zh-Hans/drafts/*/feed.xml")]
    assert len(feeds) == 8
    for path in feeds:
        parse_feed(path)
    titles = [e.findtext(ATOM + "title") for e in parse_feed(site / "feed.xml").iter(ATOM + "entry")]
    assert "New draft: Short-Term Rental Registration Ordinance" in titles
    assert "Comments open: Short-Term Rental Registration Ordinance" in titles
    assert any(t.startswith("Comment period closed: 春田市") for t in titles)
    assert any(t.startswith("New version of Consumer Data Privacy Act") for t in titles)


def test_entry_ids_are_stable_across_builds_and_languages(site, built_copy):
    ids = entry_ids(parse_feed(site / "drafts" / "short-term-rentals" / "feed.xml"))
    assert len(ids) == len(set(ids)) == 5  # three versions, the period opening, the hearing
    assert any(i.endswith("short-term-rentals/hearing-h1") for i in ids)
    assert entry_ids(parse_feed(site / "zh-Hans/drafts/short-term-rentals/feed.xml")) == ids
    examples = built_copy(NOW)  # built again, later: the period has closed since
    build(examples, now=datetime(2027, 2, 1, 9, 0))
    later = entry_ids(parse_feed(examples / "site" / "drafts" / "short-term-rentals" / "feed.xml"))
    assert later[1:] == ids and "comment-period-closes" in later[0]


# ------------------------------------------------------------------ sitemap, robots, previews

def test_a_feed_stays_well_formed_when_a_draft_holds_characters_xml_forbids(project):
    """YAML's escapes (``"\\x0b"``, a Word line break pasted as one) reach a title or note
    as characters XML 1.0 forbids even escaped: a feed with one is refused by every reader."""
    write(project / "drafts" / "x" / "draft.yaml",
          'title: "Draft\\x0b X\\x01"\nsummary: "Sum\\x1fmary\\uFFFE"\n')
    write(project / "drafts" / "x" / "versions" / "01-first.md",
          '---\nlabel: "First\\x0c"\ndate: 2026-10-01\nnote: "A\\x08 note"\n---\n\n'
          "## Section 1. Scope\n\nText.\n")
    build(project, now=NOW)
    for path in (project / "site" / "feed.xml", project / "site" / "drafts" / "x" / "feed.xml"):
        titles = [e.findtext(ATOM + "title") for e in parse_feed(path).iter(ATOM + "entry")]
        assert titles == ["New draft: Draft X"]



def test_sitemap_lists_every_reading_page_in_both_languages(site):
    urls = ET.fromstring((site / "sitemap.xml").read_bytes()).findall(SITEMAP + "url")
    locs = {u.findtext(SITEMAP + "loc") for u in urls}
    base = "https://drafts.springfield.example/"
    assert {base, base + "zh-Hans/", base + "drafts/waste-sorting/01-first-review/",
            base + "zh-Hans/search/", base + "drafts/consumer-data-privacy/responses/",
            base + "drafts/short-term-rentals/hearings/h1/", base + "report/"} <= locs
    assert all(len(u.findall("{http://www.w3.org/1999/xhtml}link")) == 2 for u in urls)
    assert "Sitemap: https://drafts.springfield.example/sitemap.xml" in (
        site / "robots.txt").read_text()


def test_pages_carry_canonical_and_link_preview_tags(site):
    html = (site / "drafts" / "short-term-rentals" / "index.html").read_text(encoding="utf-8")
    for tag in ('<link rel="canonical" href="https://drafts.springfield.example/drafts/'
                'short-term-rentals/">',
                '<meta property="og:title" content="Short-Term Rental Registration Ordinance',
                '<meta property="og:type" content="article">',
                '<meta name="twitter:card" content="summary">',
                '<link rel="alternate" type="application/atom+xml" href="../../drafts/'
                'short-term-rentals/feed.xml"'):
        assert tag in html


# ------------------------------------------------------------------ open data


def test_each_draft_is_published_as_json(site):
    catalog = json.loads((site / "data" / "drafts.json").read_text(encoding="utf-8"))
    assert {d["slug"] for d in catalog["drafts"]} == {
        "short-term-rentals", "consumer-data-privacy", "waste-sorting"}
    data = json.loads((site / "data" / "waste-sorting" / "draft.json").read_text("utf-8"))
    assert data["format"] == "docket-draft/2" and data["language"] == "zh-Hans"
    assert [v["slug"] for v in data["versions"]] == ["01-first-review", "02-second-review"]
    assert data["versions"][-1]["current"] and data["comment_period"]["closes"].startswith(
        "2026-08-31T23:59:59")
    fields = data["provision_fields"]
    assert fields == ["id", "depth", "kind", "num", "label", "heading", "citation", "text"]
    rows = [dict(zip(fields, row, strict=True)) for row in data["versions"][-1]["provisions"]]
    provisions = {p["id"]: p for p in rows}
    art3 = provisions["art_3"]
    assert art3["citation"] == "第三条"
    assert data["texts"][art3["text"]].startswith("生活垃圾分类管理工作")
    item = rows.index(provisions["art_6__para_1__item_1"])  # its parent: the row before it
    parent = next(p for p in reversed(rows[:item]) if p["depth"] < rows[item]["depth"])
    assert parent["id"] == "art_6__para_1"


def test_open_data_stores_each_text_once_and_no_key_per_provision(site):
    """A text both versions keep is stored once; a provision is a row, not an object."""
    raw = (site / "data" / "waste-sorting" / "draft.json").read_text("utf-8")
    data = json.loads(raw)
    assert len(data["texts"]) == len(set(data["texts"]))
    kept = [t for t in data["texts"] if t.startswith("生活垃圾分类管理工作")]
    assert len(kept) == 1 and raw.count(kept[0]) == 1
    first, last = (v["provisions"] for v in data["versions"])
    assert {r[7] for r in first} & {r[7] for r in last}  # shared by the two versions
    assert '"citation"' not in raw.split('"versions"')[1] and "\n " not in raw


def test_published_comments_files_have_their_documented_header(site):
    rows = list(csv.reader(io.StringIO(
        (site / "data" / "short-term-rentals" / "comments.csv").read_text(encoding="utf-8"))))
    assert rows == [["tracking", "draft", "version", "provision", "received_at", "late", "name",
                     "organisation", "respondent_type", "position", "comment", "campaign"]]
    data = json.loads((site / "data" / "short-term-rentals" / "comments.json").read_text())
    assert data["comments"] == [] and "email" not in data["fields"]


# ------------------------------------------------------------------ search index


def test_each_interface_has_a_search_bundle_per_draft_language(site):
    for prefix in ("", "zh-Hans/"):
        for lang in ("en", "zh"):
            entry = json.loads((site / prefix / "pagefind" / lang / "pagefind-entry.json")
                               .read_text())
            assert list(entry["languages"]) == [lang]


def test_an_earlier_version_is_indexed_by_what_differs_from_the_current_one(project):
    from generator.render.search import search_text

    write(project / "drafts" / "fees" / "draft.yaml", "title: Fees\n")
    head = "---\nlabel: {}\ndate: 2026-10-0{}\n---\n\n"
    write(project / "drafts" / "fees" / "versions" / "01-old.md", head.format("Old", 1) +
          "Be it enacted.\n\n## Section 1. Scope\n\nApplies to hosts.\n\n"
          "## Section 2. Fees\n\n(a) A fee of $10.\n\n## Section 3. Gone\n\nStruck words.\n"
          "\n<script>x</script>\n")
    write(project / "drafts" / "fees" / "versions" / "02-new.md", head.format("New", 2) +
          "Be it enacted.\n\n## Section 1. Scope\n\nApplies to hosts.\n\n"
          "## Section 2. Fees\n\n(a) A fee of $20.\n")
    draft = load_project(project).project.drafts[0]
    old, new = draft.versions
    earlier = search_text(old, draft)
    assert "$10" in earlier and "Struck words." in earlier and "<script>" not in earlier
    assert "Applies to hosts" not in earlier and "Be it enacted" not in earlier
    current = search_text(new, draft)
    assert all(words in current for words in ("Be it enacted", "Applies to hosts", "$20"))
    # Each provision is a heading with its id and citation: Pagefind's sub-result, which
    # a search result links to (page#sec_2__subsec_a) and names ("Section 2(a)").
    assert '<h2 id="sec_2__subsec_a">Section 2(a)</h2>\n<p>A fee of $20.</p>' in current


def test_drafts_and_earlier_versions_are_indexed_with_filters(site):
    docs = private_dir(site) / ".docket-search" / "_-en" / "drafts" / "short-term-rentals"
    draft = (docs / "index.html").read_text(encoding="utf-8")
    earlier = (docs / "01-introduced" / "index.html").read_text(encoding="utf-8")
    assert not (docs / "03-second-reading").exists()  # the current text is the draft page's
    assert "data-pagefind-body" in draft and "data-pagefind-body" in earlier
    assert '<h2 id="sec_3">Section 3</h2>' in draft
    assert "<h1>Short-Term Rental Registration" in draft
    assert (private_dir(site) / ".docket-search" / "zh-Hans-zh" / "drafts" / "waste-sorting"
            / "index.html").is_file()  # the Chinese draft in the Chinese interface's bundle
    assert not (private_dir(site) / ".docket-search" / "_-en" / "drafts" / "waste-sorting").exists()
    for name, value in (("Comment status", "Open for comment"), ("Topic", "Housing"),
                        ("Committee", "Committee on Housing and Neighborhoods")):
        assert f'<span data-pagefind-filter="{name}">{value}</span>' in draft


# ------------------------------------------------------------------ site.yaml's words per language

TWO_LANGUAGES = SITE_YAML.replace("language: en\n", "language: en\nlanguages: [en, zh-Hans]\n")


def one_draft(project: Path, meta: str = "title: Draft X\n") -> None:
    write(project / "drafts" / "x" / "draft.yaml", meta)
    write(project / "drafts" / "x" / "versions" / "01-first.md",
          "---\nlabel: First\ndate: 2026-10-01\n---\n\n## Section 1. Scope\n\nText.\n")


def test_the_site_title_and_body_can_be_given_per_language(project):
    write(project / "site.yaml", TWO_LANGUAGES.replace(
        "title: Test Drafts\nbody: Test Council\n",
        "title:\n  en: Test Drafts\n  zh-Hans: 测试草案\nbody: {en: Test Council, zh-Hans: 测试委员会}\n"))
    one_draft(project)
    build(project, now=NOW)
    site = project / "site"
    for prefix, title, body in (("", "Test Drafts", "Test Council"),
                                ("zh-Hans/", "测试草案", "测试委员会")):
        home = (site / prefix / "index.html").read_text(encoding="utf-8")
        assert f"<title>{title}</title>" in home
        assert re.search(f'<p class="site-title"><a href="[^"]*">{title}</a></p>', home)
        assert f'<p class="site-body">{body}</p>' in home
        assert f'<meta property="og:site_name" content="{title}">' in home
        draft = (site / prefix / "drafts" / "x" / "index.html").read_text(encoding="utf-8")
        assert f"<title>Draft X · {title}</title>" in draft
        assert re.search(f'<p class="site-title"><a href="[^"]*">{title}</a></p>', draft)
        feed = parse_feed(site / prefix / "feed.xml")
        assert feed.findtext(f"{ATOM}title") == title
        assert feed.findtext(f"{ATOM}author/{ATOM}name") == body
    assert "测试草案" not in (site / "index.html").read_text(encoding="utf-8").split("<main")[0]
    catalog = json.loads((site / "data" / "drafts.json").read_text(encoding="utf-8"))
    assert catalog["site"] == "Test Drafts"  # open data is the same in every language


def test_a_site_title_missing_a_language_is_shown_in_the_default_one_and_marked(project):
    write(project / "site.yaml", TWO_LANGUAGES.replace(
        "title: Test Drafts\n", "title: {en: Test Drafts, zh-Hans: 测试草案}\n"))
    one_draft(project)
    build(project, now=NOW)
    zh = (project / "site" / "zh-Hans" / "index.html").read_text(encoding="utf-8")
    assert re.search('<p class="site-title"><a href="[^"]*">测试草案</a></p>', zh)
    assert '<p class="site-body" lang="en">Test Council</p>' in zh  # a plain string: English



def test_the_site_body_is_marked_in_its_language_on_the_packet_and_privacy_pages(site):
    """Not only in the header: the packet's cover and the privacy notice's sentences name
    the publishing body too, an English name in a Chinese interface."""
    packet = (site / "zh-Hans/drafts/short-term-rentals/hearings/h1/index.html").read_text()
    assert '<p class="packet-cover__body" lang="en">City Council of Springfield</p>' in packet
    privacy = (site / "zh-Hans/privacy/index.html").read_text(encoding="utf-8")
    main = privacy.split("<main")[1].split("</main>")[0]
    assert (main.count("City Council of Springfield")
            == main.count('<span lang="en">City Council of Springfield</span>') == 3)
    english = (site / "privacy/index.html").read_text(encoding="utf-8")
    assert "<p>When you comment on a draft, City Council of Springfield receives" in english

@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("title:\n  en: Test Drafts\n  fr: Projets\n",
         "site.yaml:3: title.fr: 'fr' is not one of the site's languages (en, zh-Hans)"),
        ("title:\n  zh-Hans: 测试草案\n",
         "site.yaml:1: title has no text in the site's language 'en': add `en: ...` under title"),
        ("title: [Test, Drafts]\n", "site.yaml:1: title: should be text, or a mapping of "
         "language codes to text (en: ..., zh-Hans: ...)"),
        ("title:\n  en: [Test]\n", "site.yaml:2: title.en: Input should be a valid string"),
    ],
)
def test_a_title_per_language_is_checked_with_its_line(project, title, message):
    write(project / "site.yaml", TWO_LANGUAGES.replace("title: Test Drafts\n", title))
    loaded = load_project(project)
    assert not loaded.ok
    assert message in [str(p) for p in loaded.problems]


def test_check_reports_a_bad_title_per_language_and_exits_1(project):
    from generator.cli import main

    write(project / "site.yaml", TWO_LANGUAGES.replace(
        "title: Test Drafts\n", "title:\n  en: Test Drafts\n  zh: 测试草案\n"))
    code = main(["--root", str(project), "check"])
    assert code == 1


# ------------------------------------------------------------------ joins and punctuation


def test_punctuation_is_full_width_in_chinese():
    from generator.i18n import punctuation

    en, zh = punctuation("en"), punctuation("zh-Hans")
    assert en.join(["A", "B", "C"]) == "A, B, C" and zh.join(["甲", "乙", "丙"]) == "甲、乙、丙"
    assert (en.comma, en.colon, en.aside("x")) == (", ", ": ", " (x)")
    assert (zh.comma, zh.colon, zh.aside("一审稿")) == ("，", "：", "（一审稿）")
    assert punctuation("zh-Hant").series == "、" and punctuation("fr").series == ", "


def test_the_interface_joins_words_in_its_own_language(site):
    zh = (site / "zh-Hans" / "drafts" / "waste-sorting" / "index.html").read_text("utf-8")
    assert "<dd>生活垃圾分类、生态环境、城市管理、资源循环利用</dd>" in zh  # a list: 、
    assert re.search(r"<dd><span>二审稿</span>，2026年9月28日</dd>", zh)
    assert "春田市人大常委会机关第三会议室（人民大道88号）（春田市人大常委会" in zh
    assert "：新版本和征求意见期" in zh  # after a link, a full-width colon
    assert re.search(r'</a>：[^<]*</li>', zh) and not re.search(r'</a>: ', zh)
    redline = (site / "zh-Hans" / "drafts" / "waste-sorting" / "compare" / "index.html")
    html = redline.read_text("utf-8")
    assert "<title>版本对照：" in html and "一审稿（2026年7月20日）" in html
    version = (site / "zh-Hans" / "drafts" / "waste-sorting" / "01-first-review" / "index.html")
    assert "（一审稿） · " in version.read_text("utf-8")
    # The English interface joins with ASCII punctuation, a Chinese draft's lists with 、.
    en = (site / "drafts" / "waste-sorting" / "index.html").read_text("utf-8")
    assert '<dd lang="zh-Hans">生活垃圾分类、生态环境、城市管理、资源循环利用</dd>' in en
    assert re.search(r'<dd><span lang="zh-Hans">二审稿</span>, September 28, 2026</dd>', en)
    rentals = (site / "drafts" / "short-term-rentals" / "index.html").read_text("utf-8")
    assert "<dd>Council Member Dana Okafor, Council Member Luis Brandt</dd>" in rentals


# ------------------------------------------------------------------ the text's controls


def test_a_chinese_article_has_one_permalink_and_comment_link_not_one_per_paragraph(examples):
    for other in ("consumer-data-privacy", "short-term-rentals"):  # (only its page is read)
        shutil.rmtree(examples / "drafts" / other)
    build(examples, now=datetime(2026, 8, 15, 12))  # the waste-sorting draft takes comment
    html = (examples / "site" / "drafts" / "waste-sorting" / "index.html").read_text("utf-8")
    article = html[html.index('id="art_4"'):html.index('id="art_5"')]
    assert article.count('class="pl"') == 1 and article.count('class="cl"') == 1
    assert 'href="#art_4" aria-label="Permalink to 第四条"' in article
    assert 'aria-label="Comment on this provision: 第四条"' in article
    assert 'id="art_4__para_2"' in article  # the 款 keep their ids for links and comments
    items = html[html.index('id="art_6"'):html.index('id="art_7"')]
    assert 'aria-label="Permalink to 第六条第一款第一项"' in items  # a 项 is numbered: its own


def test_permalinks_and_comment_links_are_named_by_citation_never_by_id(site):
    for path in ("drafts/short-term-rentals/index.html", "drafts/waste-sorting/index.html",
                 "zh-Hans/drafts/consumer-data-privacy/index.html",
                 "drafts/short-term-rentals/01-introduced/index.html"):
        html = (site / path).read_text("utf-8")
        names = re.findall(r'class="(?:pl|cl)"[^>]*aria-label="([^"]+)"', html)
        assert names, path
        assert not [n for n in names if re.search(r"[a-z]+_\w+", n)], path
    rentals = (site / "drafts/short-term-rentals/index.html").read_text("utf-8")
    assert 'aria-label="Permalink to Section 2(b)"' in rentals


# ------------------------------------------------------------------ hearings


def test_witnesses_are_listed_by_position_and_open_data_keeps_what_was_given(project):
    one_draft(project, """
        title: Draft X
        hearings:
          - id: h1
            date: 2026-11-25 18:00:00
            witnesses:
              - Members of the public
              - {name: Eli Park, organisation: Hosts Alliance, position: against}
              - {name: Dana Whitfield, organization: Riders Union, position: for}
              - {name: Ann Ames, position: for}
              - {name: Ida Info, position: informational}
    """)
    build(project, now=datetime(2026, 11, 20))
    html = (project / "site" / "drafts" / "x" / "index.html").read_text("utf-8")
    groups = re.findall(r'<p class="hearing__sublabel" id="hearing-h1-witnesses-(\w+)">([^<]+)'
                        r'</p>\n<ul class="witnesses" aria-labelledby="hearing-h1-witnesses '
                        r'hearing-h1-witnesses-\1">(.*?)</ul>', html)
    assert [(key, label, re.findall(r"<li>(.*?)</li>", items)) for key, label, items in groups] == [
        ("for", "For", ["Dana Whitfield, Riders Union", "Ann Ames"]),
        ("against", "Against", ["Eli Park, Hosts Alliance"]),
        ("informational", "Informational", ["Ida Info"]),
        ("other", "Position not given", ["Members of the public"]),
    ]
    data = json.loads((project / "site" / "data" / "x" / "draft.json").read_text("utf-8"))
    assert data["hearings"][0]["witnesses"] == [
        "Members of the public",
        {"name": "Eli Park", "organisation": "Hosts Alliance", "position": "against"},
        {"name": "Dana Whitfield", "organisation": "Riders Union", "position": "for"},
        {"name": "Ann Ames", "organisation": "", "position": "for"},
        {"name": "Ida Info", "organisation": "", "position": "informational"},
    ]


def test_hearings_show_witnesses_and_whether_upcoming_or_held_by_the_builds_clock(project):
    one_draft(project, """
        title: Draft X
        hearings:
          - id: h1
            date: 2026-11-25 18:00:00
            place: Council Chambers
            committee: Housing Committee
            witnesses: [Ada Park, Director of Planning]
          - {id: h2, date: 2026-12-09, place: Annex}
    """)
    build(project, now=datetime(2026, 11, 25, 17, 59))
    page = project / "site" / "drafts" / "x" / "index.html"

    def states() -> dict[str, str]:
        html = page.read_text("utf-8")
        return dict(re.findall(r'<li id="hearing-(\w+)" class="hearing hearing--(\w+)">', html))

    html = page.read_text("utf-8")
    assert states() == {"h1": "upcoming", "h2": "upcoming"}
    assert "<li>Ada Park</li><li>Director of Planning</li>" in html
    assert "Council Chambers (Housing Committee)" in html
    assert '<span class="tag">Upcoming</span>' in html
    build(project, now=datetime(2026, 11, 25, 18, 0))  # incremental: time is an input
    assert states() == {"h1": "held", "h2": "upcoming"}
    assert '<span class="tag">Held</span>' in page.read_text("utf-8")
    build(project, now=datetime(2026, 12, 9, 23, 59))  # an all-day hearing, on its day
    assert states() == {"h1": "held", "h2": "upcoming"}
    build(project, now=datetime(2026, 12, 10, 0, 0))
    assert states() == {"h1": "held", "h2": "held"}
