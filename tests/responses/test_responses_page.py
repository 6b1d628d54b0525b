"""The "What we heard and what we did" page, its links, open data and feed, built from the
repository's own examples (responses, published comments and ratings in two drafts)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import pytest

from generator.build.run import build
from generator.cli import main
from generator.problems import ProblemsFound
from generator.render.responses_pages import present
from generator.responses.gathered import gather

from ..sitecheck import broken_links
from .fixtures import COMMENTS, REPO, comment, project

NOW = datetime(2027, 1, 5, 18, tzinfo=UTC)
EN = "drafts/consumer-data-privacy/responses/index.html"
ZH = "zh-Hans/drafts/waste-sorting/responses/index.html"


def copy_examples(root: Path) -> Path:
    (root / "drafts").mkdir(parents=True)
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    for slug in ("consumer-data-privacy", "waste-sorting"):
        shutil.copytree(REPO / "drafts" / slug, root / "drafts" / slug)
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_examples(tmp_path_factory.mktemp("examples") / "project")
    # A summary that a spreadsheet would run as a formula, to see the CSV defuse it.
    path = root / "drafts/consumer-data-privacy/responses.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "summary: Keep the 30-day cure period permanent for small businesses",
        "summary: '=Keep the 30-day cure period permanent for small businesses'"),
        encoding="utf-8")
    build(root, root / "site", now=NOW)
    return root / "site"


def text_of(site: Path, page: str) -> str:
    """The page's visible text, tags dropped and spaces squeezed."""
    html = (site / page).read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?(span|a|strong|time)\b[^>]*>", "", html)  # inline: no space
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_every_element_of_a_response_is_on_the_english_page(site):
    text = text_of(site, EN)
    for shown in [
        "What we heard and what we did",
        # The suggestion, and who made it: a campaign once, with its size.
        "Require businesses to honor universal opt-out signals such as Global Privacy Control",
        "A campaign (CMP-EJPP-CW06): one suggestion, sent by 3 people", "1 suggestion",
        "Dr. Amara Bello (Center for Digital Rights)",
        # Handling unit and person; supervising unit and person; plan; result and reason.
        "Handled by Office of the Attorney General, Consumer Protection Division: Deputy "
        "Attorney General Carla Nguyen",
        "Supervised by House Committee on Commerce and Consumer Affairs: Rep. Harold Whitfield",
        "Plan Review the opt-out signals browsers send today",
        "Result Not accepted: A permanent cure period lets a business repeat",
        "See the change: “Committee substitute” compared with “Introduced”",
        # Follow-ups, dated in English; key suggestions; totals by result.
        "November 17, 2026 · Before handling · Carla Nguyen: Wrote to the letter's signers",
        "December 16, 2026 · Spot check", "Key suggestion", "Under closer supervision",
        "By result Result Responses Accepted 2 Not accepted 1",
        # Grouped by provision, by citation (a struck one as the version it was in cited it).
        "Sec. 4", "Sec. 11(b)", "Sec. 9(a)(4) of “Introduced”, struck since",
    ]:
        assert shown in text, shown
    assert "sec_11__subsec_b" not in text
    # Name consent: the business's spokesman did not agree to his name being published.
    assert "Luis Ferrante" not in (site / EN).read_text(encoding="utf-8")
    assert "Small Business Technology Council" in text


def test_every_element_of_a_response_is_on_the_chinese_page(site):
    text = text_of(site, ZH)
    for shown in [
        "意见办理情况", "规定有害垃圾的最低收集频次", "陈雅琴，王磊",
        "承办单位和承办人 春田市城市管理局：周明远",
        "督办单位和督办人 春田市人大常委会城乡建设环境保护工作委员会：宋立群",
        "办理方案 调查各区有害垃圾收集容器的满溢情况", "办理结果 采纳：二审稿第二十条规定",
        "查看修改：《二审稿》与《一审稿》对照", "2026年8月20日 · 办理前 · 周明远",
        "重点督办", "第二十条", "第三十二条", "锦江物业服务有限公司",
        "满意率100%", "部分采纳", "满意率0%", "应当公开通报",
    ]:
        assert shown in text, shown
    assert "Handled by" not in text and "art_32" not in text


def test_the_redline_links_lead_to_pages_that_exist_and_every_link_works(site):
    html = (site / EN).read_text(encoding="utf-8")
    assert ('href="../../../drafts/consumer-data-privacy/compare/01-introduced..'
            '02-committee-substitute/"') in html
    assert broken_links(site) == []


def test_the_draft_page_and_each_provision_link_to_their_responses(site):
    html = (site / "drafts/consumer-data-privacy/index.html").read_text(encoding="utf-8")
    assert ('<a href="../../drafts/consumer-data-privacy/responses/">What we heard and what we '
            'did</a> (3 responses)') in html
    assert ('<a class="response-count" href="responses/#on-sec_4" aria-label="Responses '
            'to the suggestions on Sec. 4: 1">1 response</a>') in html
    assert 'href="responses/#on-sec_11__subsec_b"' in html
    zh = (site / "zh-Hans/drafts/waste-sorting/index.html").read_text(encoding="utf-8")
    assert 'href="responses/#on-art_20"' in zh and "意见办理情况" in zh


def test_satisfaction_per_round_and_overall_with_its_marks(site):
    text = text_of(site, EN)
    # The committee's round: 3 of 5 satisfied (60 %, exactly the second threshold: handled
    # again, not reported); the standing committee's: 1 of 1; overall each author's latest
    # rating: 4 of 5, exactly 80 %: no mark.
    assert ("House Committee on Commerce and Consumer Affairs, November 25, 2026 to December "
            "14, 2026 5 3 0 2 60 % To be handled again") in text
    assert "Overall (each author's latest rating) 5 3 1 1 80 % Sec. 4" in text.replace(
        "By provision ", "")
    assert ("House Committee on Commerce and Consumer Affairs: 0 % satisfied (1 rating) To be "
            "reported publicly To be handled again") in text
    # Listed at the top of the page.
    top = text.split("3 responses")[0]
    assert "Fewer than 60 % of their authors are satisfied: to be reported publicly." in top
    assert ("Keep the 30-day cure period permanent for small businesses (0 % satisfied (1 "
            "rating))") in top


def test_open_data_has_every_response_and_its_cells_are_safe(site):
    folder = site / "data/consumer-data-privacy"
    data = json.loads((folder / "responses.json").read_text("utf-8"))
    assert data["format"] == "docket-responses/1"
    assert data["overall"]["satisfaction_rate"] == 0.8 and data["overall"]["marks"] == []
    opt_out = next(r for r in data["responses"] if r["id"] == "r-universal-opt-out")
    assert opt_out["campaigns"] == [{"id": "CMP-EJPP-CW06", "size": 3}]
    assert opt_out["suggestions"] == 1 and opt_out["key"] and opt_out["closer_supervision"]
    assert (opt_out["ratings"], opt_out["satisfaction_rate"], opt_out["marks"]) == (3, 1, [])
    assert [r["marks"] for r in opt_out["rounds"]] == [["handle-again"], []]
    assert opt_out["redline"] == ("https://drafts.springfield.example/drafts/"
                                  "consumer-data-privacy/compare/01-introduced..02-committee-"
                                  "substitute/")
    assert opt_out["handled_by_person"] == "Deputy Attorney General Carla Nguyen"
    text = (folder / "responses.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["summary"] for r in rows if r["id"] == "r-cure-period"] == [
        "'=Keep the 30-day cure period permanent for small businesses"]
    assert "phone" not in text  # a remark ("It should also cover apps on my phone.") is private


def test_the_feed_announces_each_response(site):
    feed = (site / "drafts/consumer-data-privacy/feed.xml").read_text(encoding="utf-8")
    assert "Response on Consumer Data Privacy Act: Strike the blanket exemption" in feed
    assert re.search(r"<id>tag:drafts\.springfield\.example,2026-11-17:consumer-data-privacy/"
                     r"responses/r-universal-opt-out/[0-9a-f]{12}</id>", feed)


def test_a_changed_response_is_a_new_feed_entry(site, tmp_path):
    root = tmp_path / "project"  # a copy of the built project, as ``cp -a`` copies it
    shutil.copytree(site.parent, root, symlinks=True)
    feed = (root / "site/drafts/waste-sorting/feed.xml").read_text(encoding="utf-8")
    path = root / "drafts/waste-sorting/responses.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("result: partly-accepted",
                                                             "result: accepted"), "utf-8")
    build(root, root / "site", now=NOW)
    again = (root / "site/drafts/waste-sorting/feed.xml").read_text(encoding="utf-8")
    ids = re.compile(r"<id>(tag:[^<]*responses/r-fines/[^<]*)</id>")
    assert ids.search(feed)[1] != ids.search(again)[1]
    assert ids.search(feed)[1].rsplit("/", 1)[0] == ids.search(again)[1].rsplit("/", 1)[0]


def test_a_broken_responses_file_stops_the_build_and_check_names_its_line(tmp_path, capsys):
    root = copy_examples(tmp_path / "project")
    path = root / "drafts/consumer-data-privacy/responses.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("result: accepted",
                                                             "result: acepted", 1), "utf-8")
    with pytest.raises(ProblemsFound) as found:
        build(root, root / "site", now=NOW)
    assert [str(p) for p in found.value.problems] == [
        "drafts/consumer-data-privacy/responses.yaml:8: result 'acepted' is not one of "
        "accepted, partly-accepted, not-accepted, noted, in-progress: did you mean "
        "'accepted'?"]
    assert not (root / "site").exists()
    assert main(["--root", str(root), "check"]) == 1
    assert "responses.yaml:8: result 'acepted'" in capsys.readouterr().err


def test_names_are_shown_only_with_consent_and_a_campaign_is_one_suggestion(tmp_path):
    root, draft = project(tmp_path)
    (draft.path / "responses.yaml").write_text(
        "- id: r-1\n  answers: {comments: [DKT-2026-AAAA-0009, DKT-2026-AAAA-0001]}\n"
        "  summary: S\n  handled_by: {unit: U, person: P}\n  supervised_by: {unit: V, person: Q}\n"
        "  plan: P\n  result: noted\n  reason: R\n"
        "- id: r-2\n  answers: {campaign: CMP-FEES-0001}\n  summary: S\n"
        "  handled_by: {unit: U, person: P}\n  supervised_by: {unit: V, person: Q}\n"
        "  plan: P\n  result: noted\n  reason: R\n", encoding="utf-8")
    secret = comment("DKT-2026-AAAA-0009", name="Secret Person", consent=False)
    gathered, problems = gather(root, draft, _config(root), [*COMMENTS, secret])
    assert problems == []
    one, campaign = present(gathered, None).shown
    assert [(a.name, a.comment_id) for a in one.authors] == [
        ("Ana", "DKT-2026-AAAA-0001"), ("", "DKT-2026-AAAA-0009")]
    assert one.suggestions == 2
    assert campaign.suggestions == 1 and [(c.id, c.size) for c in campaign.campaigns] == [
        ("CMP-FEES-0001", 3)]


def _config(root: Path):
    from generator.content.loader import load_project

    return load_project(root, parse=False).project.config


def test_an_author_links_to_their_comment_on_its_page_of_the_list(tmp_path):
    from generator.render.comments_pages import summarise

    root, draft = project(tmp_path)
    many = [comment(f"DKT-2026-AAAA-{n:04d}", day=1 + n % 28) for n in range(1, 61)]
    (draft.path / "responses.yaml").write_text(
        "- id: r-1\n  answers: {comments: [DKT-2026-AAAA-0055, DKT-2026-AAAA-0028]}\n"
        "  summary: S\n  handled_by: {unit: U, person: P}\n"
        "  supervised_by: {unit: V, person: Q}\n  plan: P\n  result: noted\n  reason: R\n",
        encoding="utf-8")
    summary = summarise(draft, sorted(many, key=lambda c: (c.received_date, c.id)))
    gathered, _ = gather(root, draft, _config(root), many)
    [shown] = present(gathered, summary).shown
    # 0028 was received first of sixty (on the 1st), 0055 last (on the 28th): the list's
    # 50 a page put them on its first and second pages.
    assert {a.comment_id: a.link for a in shown.authors} == {
        "DKT-2026-AAAA-0055": "drafts/short-term-rentals/comments/page/2/#DKT-2026-AAAA-0055",
        "DKT-2026-AAAA-0028": "drafts/short-term-rentals/comments/#DKT-2026-AAAA-0028"}
