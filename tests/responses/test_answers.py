"""Which response answers which comment: comment ids, a whole campaign, or a provision's
published comments, the most particular answer winning."""

from __future__ import annotations

from datetime import date

from generator.responses.answers import answered_comments, answering
from generator.responses.model import Response, Unit

from .fixtures import COMMENTS, comment


def response(rid: str, comments=(), campaign: str = "", provision: str = "") -> Response:
    unit = Unit("Department", "Person")
    return Response(id=rid, line=1, summary="S", handled_by=unit, supervised_by=unit, plan="P",
                    result="accepted", reason="R", changed_in="", key=False, follow_ups=(),
                    date=date(2026, 11, 20), comments=tuple(comments), campaign=campaign,
                    provision=provision)


def test_a_campaign_answer_covers_every_comment_in_it():
    fees = response("r-fees", campaign="CMP-FEES-0001")
    found = answered_comments([fees], COMMENTS)
    assert sorted(found) == ["DKT-2026-AAAA-0002", "DKT-2026-AAAA-0003", "DKT-2026-AAAA-0004"]
    assert [c.id for c in answering(fees, COMMENTS, found)] == sorted(found)


def test_a_provision_answer_covers_the_published_comments_on_it():
    sec3 = response("r-sec3", provision="sec_3")
    found = answered_comments([sec3], COMMENTS)
    # 0005 is on sec_3 but still pending.
    assert sorted(found) == ["DKT-2026-AAAA-0001", "DKT-2026-AAAA-0002"]


def test_a_provision_answer_follows_where_a_comment_stands_now():
    sec3 = response("r-sec3", provision="sec_3")
    found = answered_comments([sec3], COMMENTS, placed={"DKT-2026-AAAA-0003": "sec_3",
                                                         "DKT-2026-AAAA-0001": "sec_2"})
    assert sorted(found) == ["DKT-2026-AAAA-0002", "DKT-2026-AAAA-0003"]


def test_the_most_particular_answer_wins_whatever_the_order():
    sec3 = response("r-sec3", provision="sec_3")
    fees = response("r-fees", campaign="CMP-FEES-0001")
    own = response("r-own", comments=["dkt-2026-aaaa-0002"])
    found = answered_comments([sec3, fees, own], COMMENTS)
    assert {cid: r.id for cid, r in found.items()} == {
        "DKT-2026-AAAA-0001": "r-sec3", "DKT-2026-AAAA-0002": "r-own",
        "DKT-2026-AAAA-0003": "r-fees", "DKT-2026-AAAA-0004": "r-fees"}


def test_a_comment_named_by_two_responses_goes_to_the_first():
    first, second = response("r-1", ["DKT-2026-AAAA-0001"]), response("r-2", ["DKT-2026-AAAA-0001"])
    assert answered_comments([first, second], COMMENTS)["DKT-2026-AAAA-0001"] is first
    assert answered_comments([], [comment("DKT-2026-AAAA-0009")]) == {}
