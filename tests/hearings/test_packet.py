"""Hearing packets: printed by ``docket packet`` and by ``docket build``, and read back from
the PDF (pypdf): sections, page count, outline, metadata, embedded fonts, Chinese text and
totals against the store."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.build.run import build
from generator.cli import main
from generator.comments.store import read_comments
from generator.hearings.calendar import escape_text, fold
from generator.render.packets import css_page_of

from .packet_project import CAMPAIGN_TEXT, NOW, WITHHELD, make_project

SECTIONS = ["Agenda and witnesses", "Text under consideration: First reading",
            "Changes from Introduced", "Summary of public comments", "Responses to comments",
            "Appendix: published comments by provision"]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> tuple[Path, PdfReader, PdfReader]:
    """The project, its English packet and its Chinese one, printed once for the module."""
    root = make_project(tmp_path_factory.mktemp("packet"))
    out = root.parent / "noise.pdf"
    assert main(["--root", str(root), "packet", "noise", "--hearing", "h1", "--out", str(out),
                 "--now", NOW.isoformat()]) == 0
    zh = root.parent / "zh.pdf"
    assert main(["--root", str(root), "packet", "zaosheng", "--hearing", "h1", "--out", str(zh),
                 "--now", NOW.isoformat()]) == 0
    return root, PdfReader(out), PdfReader(zh)


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def body(reader: PdfReader) -> str:
    """The text after the cover and the contents."""
    return squeezed(" ".join(p.extract_text() for p in reader.pages[2:]))


def test_every_section_is_in_the_packet_in_order_with_the_cover_first(printed):
    _, reader, _ = printed
    cover = squeezed(reader.pages[0].extract_text())
    for fact in ("Test Council", "Committee on Public Safety", "Hearing packet", "Ordinance 2026-7",
                 "Noise Ordinance", "December 8, 2026", "6:00 PM", "Council Chambers, City Hall; Room 2",
                 "First reading"):
        assert fact in cover
    after = body(reader)
    places = [after.index(title) for title in SECTIONS]
    assert places == sorted(places)


def test_contents_give_the_page_each_section_starts_on(printed):
    _, reader, _ = printed
    contents = reader.pages[1].extract_text()
    for title in SECTIONS:
        line = next(line for line in contents.splitlines() if line.startswith(title))
        number = int(line.rstrip().split()[-1])
        assert title in reader.pages[number - 1].extract_text()


def test_the_outline_follows_the_contents(printed):
    _, reader, _ = printed
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == ["Contents", *SECTIONS]
    nested = next(item for item in reader.outline if isinstance(item, list))
    assert [i.title for i in nested] == ["The draft as a whole (1 comment)",
                                         "Section 1 (3 comments)",
                                         "Section 2(a) (1 comment)"]


def test_footer_running_header_and_page_count(printed):
    _, reader, _ = printed
    pages = len(reader.pages)
    assert pages >= 6  # cover, contents, and a page for each section
    for number in range(2, pages + 1):
        page = reader.pages[number - 1].extract_text()
        assert f"Page {number} of {pages}" in page
        assert "Ordinance 2026-7" in page  # the draft's number in the running header


def test_metadata_title_author_and_language(printed):
    _, reader, zh = printed
    assert reader.metadata.title == "Hearing packet: Ordinance 2026-7 Noise Ordinance"
    assert reader.metadata.author == "Committee on Public Safety"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert zh.metadata.title == "听证会材料：春人常审〔2026〕3号 春田市噪声污染防治条例（草案）"
    assert zh.trailer["/Root"]["/Lang"] == "zh-Hans"


def fonts(reader: PdfReader) -> dict[str, bool]:
    """Each font used: whether its program is embedded."""
    found = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                          if "/DescendantFonts" in font else font.get("/FontDescriptor"))
            descriptor = descriptor.get_object()
            found[str(font["/BaseFont"])] = any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


def test_fonts_are_embedded_and_chinese_prints_with_noto_cjk(printed):
    _, reader, zh = printed
    assert all(fonts(reader).values()) and fonts(reader)
    chinese = fonts(zh)
    assert all(chinese.values())
    assert all("Noto" in name and "CJK-SC" in name for name in chinese), chinese


def test_a_chinese_packet_has_chinese_labels_and_its_text_extracts_as_written(printed):
    _, _, zh = printed
    text = squeezed(text_of(zh))
    for words in ("听证会材料", "目录", "议程和陈述人", "审议文本：二审稿", "与征求意见稿相比的修改",
                  "公众意见摘要", "对意见的答复", "附件：按条文排列的已公布意见",
                  "为了防治噪声污染，保障公众健康，制定本条例。", "市生态环境局副局长 周明远",
                  "建议明确夜间的起止时间。", "第2页，共"):
        assert words in text, words
    assert "\ufffd" not in text  # no glyph that did not map back to a character


def test_the_redline_is_struck_and_underlined_and_legible_in_black_and_white(printed):
    _, reader, _ = printed
    text = squeezed(text_of(reader))
    assert re.search(r"Between \[10\] ?11 p\.m\.", text)  # struck text bracketed on paper


def test_witnesses_are_listed_by_position(printed):
    _, reader, _ = printed
    text = squeezed(text_of(reader))
    listed = [text.index(words) for words in (
        "Witnesses For", "Dana Whitfield (Springfield Riders Union)", "Against", "Omar Reyes",
        "Position not stated", "Clerk of the Council")]
    assert listed == sorted(listed)


def test_the_appendix_prints_a_campaign_once_and_no_withheld_name(printed):
    _, reader, _ = printed
    text = squeezed(text_of(reader))
    appendix = body(reader)[body(reader).index(SECTIONS[-1]):]
    assert appendix.count(CAMPAIGN_TEXT) == 1
    assert "Campaign CMP-1: 3 comments with this text" in appendix
    assert WITHHELD not in text
    assert "Not yet moderated." not in text and "Spam spam." not in text
    assert "Sent after the hearing." not in text  # received after the hearing began


def test_the_summary_totals_match_the_store(printed):
    root, reader, _ = printed
    stored = read_comments(root, "noise")
    before = [c for c in stored if c.received_date.month == 11]  # before the hearing
    text = squeezed(text_of(reader))
    summary = text[text.index("Totals"):]
    statuses = {s: sum(c.status == s for c in before) for s in ("published", "pending", "rejected")}
    assert f"Received in all {len(before)}" in summary
    assert f"Published {statuses['published']}" in summary
    assert f"Pending moderation {statuses['pending']}" in summary
    assert f"Rejected {statuses['rejected']}" in summary
    appendix = body(reader)[body(reader).index(SECTIONS[-1]):]
    counts = [int(n) for n in re.findall(r"\((\d+) comments?\)", appendix)]
    assert sum(counts) == statuses["published"]


def test_packet_usage_errors_exit_2(printed, capsys):
    root, _, _ = printed
    assert main(["--root", str(root), "packet", "noise", "--hearing", "h9"]) == 2
    assert "no hearing 'h9'" in capsys.readouterr().err
    assert main(["--root", str(root), "packet", "nope", "--hearing", "h1"]) == 2


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_a_page_renders_to_an_image(printed, tmp_path):
    root, _, _ = printed
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "2",
                    str(root.parent / "zh.pdf"), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == 2 and all(p.stat().st_size > 2000 for p in images)


# ---------------------------------------------------------------- in a build


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("packet-build"))
    build(root, now=NOW)
    return root


def test_build_publishes_each_packet_as_a_page_a_pdf_and_the_hearings_as_ics(built):
    site = built / "site"
    pdf = site / "drafts/noise/hearings/h1/packet.pdf"
    assert PdfReader(BytesIO(pdf.read_bytes())).metadata.title.startswith("Hearing packet")
    assert (site / "drafts/noise/hearings/h1/index.html").is_file()
    assert (site / "zh-Hans/drafts/noise/hearings/h1/index.html").is_file()
    assert not (site / "zh-Hans/drafts/noise/hearings/h1/packet.pdf").exists()  # one PDF
    page = (site / "zh-Hans/drafts/noise/hearings/h1/index.html").read_text(encoding="utf-8")
    assert 'href="../../../../../drafts/noise/hearings/h1/packet.pdf"' in page
    draft_page = (site / "drafts/noise/index.html").read_text(encoding="utf-8")
    assert 'href="../../drafts/noise/hearings/h1/"' in draft_page
    assert 'href="../../drafts/noise/hearings/h1/packet.pdf"' in draft_page
    assert 'href="../../drafts/noise/hearings.ics"' in draft_page
    assert "hearing-h1" in (site / "drafts/noise/feed.xml").read_text(encoding="utf-8")
    assert not (site / "drafts/quiet/hearings").exists()  # no hearing, no packet
    assert (site / "drafts/zaosheng/hearings/h1/packet.pdf").is_file()


def test_an_unchanged_build_prints_no_packet_and_a_changed_comment_store_does(built):
    pdf = built / "site/drafts/noise/hearings/h1/packet.pdf"
    before = pdf.stat().st_mtime_ns
    result = build(built, now=NOW)
    assert result.rendered == 0 and pdf.stat().st_mtime_ns == before
    zh = built / "site/drafts/zaosheng/hearings/h1/packet.pdf"
    zh_before = zh.read_bytes()
    store = built / "drafts/zaosheng/comments/comments.jsonl"
    store.write_text(store.read_text(encoding="utf-8").replace("起止时间", "起止时刻"),
                     encoding="utf-8")
    build(built, now=NOW)
    assert pdf.stat().st_mtime_ns == before  # another draft's packet is left alone
    assert zh.read_bytes() != zh_before
    assert "起止时刻" in text_of(PdfReader(zh))


def test_the_calendar_is_rfc_5545(built):
    raw = (built / "site/drafts/noise/hearings.ics").read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    unfolded = raw.decode("utf-8").replace("\r\n ", "")
    assert "UID:noise-h1@drafts.example.org" in unfolded
    assert "DTSTART:20261209T000000Z" in unfolded  # 6 p.m. in Chicago
    assert re.search(r"DTSTAMP:\d{8}T\d{6}Z", unfolded)
    assert "LOCATION:Council Chambers\\, City Hall\\; Room 2" in unfolded
    assert "URL:https://drafts.example.org/drafts/noise/hearings/h1/" in unfolded
    site_wide = (built / "site/hearings.ics").read_text(encoding="utf-8")
    assert site_wide.count("BEGIN:VEVENT") == 2


def test_ics_folding_never_splits_a_character_and_escapes_text():
    line = "SUMMARY:" + escape_text("听证会；a,b\\c\nd" * 10)
    folded = fold(line).encode("utf-8")
    assert all(len(part) <= 75 for part in folded.split(b"\r\n"))
    assert folded.decode("utf-8").replace("\r\n ", "").rstrip("\r\n") == line
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_the_footer_label_becomes_css_around_the_counters():
    assert str(css_page_of("Page \x01 of \x02")) == '"Page " counter(page) " of " counter(pages)'
    assert "</style>" not in str(css_page_of('x</style>"\x01'))


def test_a_document_printed_before_is_copied_from_the_pdf_cache(tmp_path, monkeypatch):
    """With DOCKET_PDF_CACHE, the same document is printed once; another is printed anew."""
    from generator.hearings import pdf

    printed: list[str] = []
    real = pdf._print

    def counting(html: str, base_url: str) -> bytes:
        printed.append(html)
        return real(html, base_url)

    monkeypatch.setattr(pdf, "_print", counting)
    monkeypatch.setenv(pdf.CACHE_ENV, str(tmp_path / "cache"))
    page = "<!doctype html><html lang=en><title>T</title><p>One page.</p></html>"
    first = pdf.print_pdf(page)
    assert pdf.print_pdf(page) == first and len(printed) == 1
    assert first.startswith(b"%PDF")
    pdf.print_pdf(page.replace("One", "Another"))
    assert len(printed) == 2
    monkeypatch.delenv(pdf.CACHE_ENV)
    assert pdf.print_pdf(page) == first and len(printed) == 3  # no cache: printed, same bytes


def test_the_appendix_places_comments_in_the_text_under_consideration(tmp_path):
    """A hearing held before a version that renumbers: the appendix groups the comments by
    the provisions of the text the committee considers (and the summary counts), not by the
    numbers a later version gave them."""
    from generator.comments.listing import load_project_draft
    from generator.comments.published import published
    from generator.hearings.packet import make_packet
    from generator.render.comments_pages import summarise

    from ..comments.moderation_project import DRAFT, make_store, run

    root = make_store(tmp_path / "project")  # Section 2 of "Introduced" is Section 3 now
    draft_yaml = root / "drafts" / DRAFT / "draft.yaml"
    draft_yaml.write_text(draft_yaml.read_text(encoding="utf-8")
                          + "hearings:\n  - id: h1\n    date: 2026-11-15 18:00:00\n",
                          encoding="utf-8")
    assert run(root, "publish", DRAFT, "--all-pending") == 0
    project, draft = load_project_draft(root, DRAFT)
    summary = summarise(draft, published(root, DRAFT))
    packet = make_packet(draft, draft.meta.hearings[0], project.config, summary,
                         datetime(2026, 11, 28, tzinfo=UTC), root)
    assert packet.version.meta.label == "Introduced"
    assert [g.citation for g in packet.appendix] == ["Section 1", "Section 2", "Section 2(a)"]
    assert all(g.provision_id in packet.version.index for g in packet.appendix)
