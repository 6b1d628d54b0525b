"""Redaction finds personal numbers and addresses in English and Chinese, and leaves legal
text alone; flags for spam and abuse; CSV cells a spreadsheet will not run."""

from __future__ import annotations

import pytest

from generator.comments.redaction import apply, find, flags
from generator.comments.spreadsheet import safe_cell

HIDDEN = [
    ("Write to jo.smith+docket@example.co.uk today", "jo.smith+docket@example.co.uk", "email"),
    ("Call (555) 123-4567 after six", "(555) 123-4567", "phone"),
    ("or +1 555.123.4567", "+1 555.123.4567", "phone"),
    ("Call 555 123 4567 after six", "555 123 4567", "phone"),
    ("or (555) 123 4567", "(555) 123 4567", "phone"),
    ("or +1 555 123 4567.", "+1 555 123 4567", "phone"),
    ("London: +44 20 7946 0958", "+44 20 7946 0958", "phone"),
    ("我的手机号13800138000，谢谢", "13800138000", "phone"),
    ("手机 138 0013 8000", "138 0013 8000", "phone"),
    ("电话+86 13800138000", "+86 13800138000", "phone"),
    ("办公室 +86 10 6552 9988", "+86 10 6552 9988", "phone"),
    ("办公电话010-65529988。", "010-65529988", "phone"),
    ("电话（0755）2688 1234，", "（0755）2688 1234", "phone"),
    ("tel. (021) 6321-8888", "(021) 6321-8888", "phone"),
    ("身份证号11010519491231002X。", "11010519491231002X", "id-number"),
    ("身份证 110105194912310021 号", "110105194912310021", "id-number"),
    ("SSN 123-45-6789.", "123-45-6789", "id-number"),
    ("银行卡号6222020200001234567。", "6222020200001234567", "bank-account"),
    ("card 4111 1111 1111 1111 please", "4111 1111 1111 1111", "bank-account"),
    ("account number: 0012345678", "0012345678", "bank-account"),
    ("账号：6217 0000 1234", "6217 0000 1234", "bank-account"),
    ("IBAN GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 32", "bank-account"),
    ("I live at 12 Main Street, Apt 4B, Springfield", "12 Main Street, Apt 4B", "address"),
    ("住在北京市朝阳区建国路88号3单元502室，", "北京市朝阳区建国路88号3单元502室", "address"),
    ("reference 123456789012 of my file", "123456789012", "id-number"),
]

KEPT = [
    "Section 12(b)(3) should be struck.",
    "as under 42 U.S.C. § 1983 and 26 U.S.C. 501(c)(3)",
    "Pub. L. 117-328, H.R. 1234, docket EPA-HQ-OAR-2021-0317",
    "from 2026-11-03 to 2027-01-15, at 10:30, in 1999 and 2026",
    "a fine of $1,250,000 or $5000000000, or 5000000000元, 3亿元",
    "第三十二条第一款，第32条第1款，2026年11月3日起施行",
    "pi is 3.1415926535 and the rate 0.000012345",
    "Ordinance No. 2026-114, Rule 3.2.1, 55 decibels",
]


@pytest.mark.parametrize(("text", "span", "kind"), HIDDEN)
def test_personal_numbers_and_addresses_are_found(text, span, kind):
    found = find(text)
    assert [(text[r.start:r.end], r.kind) for r in found] == [(span, kind)]
    shown = apply(text, found)
    assert span not in shown and "removed]" in shown


@pytest.mark.parametrize("text", KEPT)
def test_legal_text_dates_and_money_are_not_redacted(text):
    assert find(text) == []
    assert apply(text, find(text)) == text


def test_spans_are_positions_in_the_original_and_apply_keeps_the_rest():
    text = "Ana, ana@example.org, 13800138000."
    found = find(text)
    assert [(r.start, r.end, r.kind) for r in found] == [(5, 20, "email"), (22, 33, "phone")]
    assert apply(text, found) == "Ana, [email removed], [phone removed]."
    assert apply(text, found[1:]) == "Ana, ana@example.org, [phone removed]."


def test_spam_and_abuse_flags_in_english_and_chinese():
    assert flags("See http://a.example http://b.example www.c.example") == ["spam-links"]
    assert flags("two links http://a.example http://b.example") == []
    assert flags("NOOOOOOOOOOOO!!!") == ["spam-repeated"]
    assert flags("You idiots on the council") == ["abusive"]
    assert flags("这些官员都是白痴") == ["abusive"]
    assert flags("An idiotic rule? No: a rule I oppose. 我反对第三条。") == []


@pytest.mark.parametrize(("cell", "safe"), [
    ("=1+1", "'=1+1"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("plain", "plain"), ("", ""), ("1+1=2", "1+1=2"), (None, ""), (42, "42"),
])
def test_spreadsheet_formulas_are_neutralised(cell, safe):
    assert safe_cell(cell) == safe
