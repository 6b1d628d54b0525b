"""Campaigns: form letters grouped (exact and near duplicates, English and Chinese), letters
that merely share a topic kept apart, ids stable across re-runs and new arrivals, and the
import and ``docket comments campaigns`` writing them into the store."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from benchmarks.comment_letters import pairwise, synthetic
from generator.cli import main
from generator.comments.campaigns import group, grouped_fields, tokens, with_campaign
from generator.comments.store import comments_file, read_comments

from ..commenting_project import make_project

LETTER = (
    "Dear Council Members, I am writing to urge you to reject the proposed noise ordinance. "
    "Quiet hours starting at 10 p.m. would force our neighbourhood restaurants and music "
    "venues to close early, costing jobs and hurting the local economy. Small businesses are "
    "still recovering, and this rule would add fines they cannot afford. Please protect our "
    "community's evening life and vote no on this ordinance."
)
# Another letter on the same ordinance, in the same vocabulary, written by someone else.
OTHER = (
    "To the Council: I support the proposed noise ordinance. Since the new venues opened our "
    "neighbourhood has had music until 2 a.m. every weekend, and children on our street "
    "cannot sleep. Quiet hours from 10 p.m. are reasonable and common in other cities. "
    "Please vote yes and fund enforcement so the rule means something."
)
CHINESE = (
    "尊敬的委员会：我们强烈反对本条例草案第六条关于夜间施工的规定。该条款将严重影响周边居民的"
    "休息和健康，尤其是老人和儿童。我们建议将夜间施工的禁止时段延长至晚上十点至次日早上七点，"
    "并增加对违规行为的处罚力度。恳请委员会认真考虑居民的意见。"
)
CHINESE_OTHER = (
    "各位委员：关于本条例草案第六条，我们认为现行规定已经足够。施工单位需要在夜间完成部分"
    "工程以避免白天交通拥堵，过于严格的限制会增加成本并拖延工期。建议保留现有时段，并加强"
    "对噪音的监测。"
)


def campaign_of(texts: list[str]) -> list[str]:
    grouping = group((f"c{n}", text, "") for n, text in enumerate(texts))
    return [grouping.assignment.get(f"c{n}", "") for n in range(len(texts))]


def test_exact_copies_differing_in_case_punctuation_and_spacing_are_one_campaign():
    shouted = LETTER.upper()
    unpunctuated = LETTER.replace(",", "").replace(".", "").replace("'", "")
    spaced = "  " + LETTER.replace(" ", "   \n") + "\n"
    ids = campaign_of([LETTER, shouted, unpunctuated, spaced])
    assert ids[0] and len(set(ids)) == 1
    assert tokens(LETTER) == tokens(shouted) == tokens(unpunctuated) == tokens(spaced)


def test_a_name_signed_a_sentence_added_or_words_changed_stay_in_the_campaign():
    signed = LETTER + "\n\nSincerely,\nMaría José Fernández-García"
    added = ("I have lived on Elm Street for thirty years and run a bakery there. " + LETTER)
    changed = (LETTER.replace("reject", "oppose").replace("restaurants", "cafes")
               .replace("jobs", "livelihoods"))
    ids = campaign_of([LETTER, signed, added, changed, OTHER])
    assert ids[0] and ids[:4] == [ids[0]] * 4
    assert ids[4] == ""  # the other letter is one comment: no campaign


def test_a_chinese_form_letter_with_a_few_characters_changed_is_one_campaign():
    changed = CHINESE.replace("强烈", "坚决").replace("老人", "老年人").replace("恳请", "希望")
    halfwidth = CHINESE.replace("，", ",").replace("。", ". ").replace("：", ": ")
    signed = CHINESE + "\n此致\n王小明"
    ids = campaign_of([CHINESE, changed, halfwidth, signed, CHINESE_OTHER])
    assert ids[0] and ids[:4] == [ids[0]] * 4
    assert ids[4] == ""


def test_comments_without_a_word_are_no_form_letter_of_each_other():
    """👍, 👎 and ?! have no word in common: they are not copies of one letter (two 👍 are)."""
    ids = campaign_of(["👍", "👎", "?!", "😀😀", "👍"])
    assert ids[0] and ids[0] == ids[4]
    assert ids[1:4] == ["", "", ""]


def test_two_letters_on_the_same_topic_are_two_campaigns():
    ids = campaign_of([LETTER, LETTER.lower(), OTHER, OTHER + " Thank you.", CHINESE,
                       CHINESE, CHINESE_OTHER, CHINESE_OTHER + "谢谢。"])
    assert ids[0] == ids[1] and ids[2] == ids[3] and ids[4] == ids[5] and ids[6] == ids[7]
    assert len({ids[0], ids[2], ids[4], ids[6]}) == 4 and "" not in ids


def test_a_campaign_counts_its_members_and_is_represented_by_its_most_common_text():
    texts = [LETTER + " Signed, Ana.", LETTER, LETTER.upper(), LETTER + " Signed, Ben."]
    grouping = group((f"c{n}", text, "") for n, text in enumerate(texts))
    [campaign] = grouping.campaigns
    assert campaign.count == 4 and campaign.members == ["c0", "c1", "c2", "c3"]
    assert campaign.representative == "c1"  # LETTER and its upper case share one text
    copies = [LETTER.upper(), LETTER + " Ana", LETTER, LETTER]
    [campaign] = group((f"c{n}", text, "") for n, text in enumerate(copies)).campaigns
    assert campaign.representative == "c2"  # the spelling most often sent


def test_ids_are_the_same_on_every_run_and_kept_when_comments_arrive():
    first = [("a1", LETTER, ""), ("a2", LETTER + " Sincerely, Ana", ""),
             ("b1", CHINESE, ""), ("b2", CHINESE + "谢谢", "")]
    once, again = group(first), group(list(first))
    assert once.assignment == again.assignment and len(once.campaigns) == 2
    stored = [(i, text, once.assignment[i]) for i, text, _ in first]
    # New arrivals whose text would now be the most common (and so the representative).
    signed = LETTER + " Regards, Ben"
    later = [*stored, ("a3", signed, ""), ("a4", signed, ""), ("a5", signed, ""),
             ("c1", OTHER, ""), ("c2", OTHER, "")]
    regrouped = group(later)
    for comment_id in ("a1", "a2", "b1", "b2"):
        assert regrouped.assignment[comment_id] == once.assignment[comment_id]
    assert regrouped.assignment["a5"] == once.assignment["a1"]
    assert regrouped.assignment["c1"] not in set(once.assignment.values())
    # Without the old ids, the new representative decides: the id would have moved.
    fresh = group([(i, text, "") for i, text, _ in later])
    assert fresh.assignment["a1"] != once.assignment["a1"]


def test_a_split_campaign_keeps_its_id_on_the_larger_part():
    old = "CMP-TEST-0001"
    comments = [(f"a{n}", LETTER, old) for n in range(3)] + [(f"b{n}", OTHER, old)
                                                            for n in range(2)]
    grouping = group(comments)
    assert grouping.assignment["a0"] == old
    assert grouping.assignment["b0"] not in ("", old)


def test_precision_and_recall_on_a_small_synthetic_docket():
    data = list(synthetic(2_000, seed=3))
    grouping = group((source_id, text, "") for source_id, text, _ in data)
    precision, recall = pairwise({s: t for s, _, t in data}, grouping.assignment)
    assert precision >= 0.95 and recall >= 0.95


def test_the_campaign_field_is_replaced_in_place_or_by_reencoding():
    line = json.dumps({"id": "X", "comment": 'he wrote "campaign_id": "" here',
                       "campaign_id": ""}, ensure_ascii=False) + "\n"
    changed = with_campaign(line, "", "CMP-AAAA-BBBB")
    assert json.loads(changed) == {**json.loads(line), "campaign_id": "CMP-AAAA-BBBB"}
    by_hand = '{"id":"X","comment":"t","campaign_id":""}\n'
    assert json.loads(with_campaign(by_hand, "", "CMP-C"))["campaign_id"] == "CMP-C"


# ---------------------------------------------------------------- in the store

DRAFT = "noise-open"


def export(path: Path, rows: list[tuple[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as file:
        out = csv.writer(file)
        out.writerow(["id", "received", "email", "comment"])
        for source_id, text in rows:
            out.writerow([source_id, "2026-11-10T12:00:00Z", f"{source_id}@example.org", text])
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def imports(root: Path, source: Path) -> int:
    return main(["--root", str(root), "comments", "import", "--from", "csv", str(source),
                 "--draft", DRAFT])


def test_the_import_writes_campaign_ids_and_a_later_import_keeps_them(root, tmp_path):
    first = export(tmp_path / "one.csv", [("1", LETTER), ("2", LETTER.upper()),
                                          ("3", OTHER), ("4", CHINESE), ("5", CHINESE)])
    assert imports(root, first) == 0
    stored = {c.source_id: c.campaign_id for c in read_comments(root, DRAFT)}
    assert stored["1"] == stored["2"] != stored["4"] == stored["5"]
    assert stored["3"] == "" and stored["1"].startswith("CMP-")
    before = comments_file(root, DRAFT).read_bytes()
    assert imports(root, first) == 0
    assert comments_file(root, DRAFT).read_bytes() == before

    second = export(tmp_path / "two.csv", [("6", LETTER + " Signed, Ana"), ("7", OTHER)])
    assert imports(root, second) == 0
    now = {c.source_id: c.campaign_id for c in read_comments(root, DRAFT)}
    assert {k: now[k] for k in ("1", "2", "4", "5")} == {k: stored[k] for k in ("1", "2", "4", "5")}
    assert now["6"] == now["1"] and now["3"] == now["7"] != ""


def test_the_campaigns_command_restores_cleared_ids_and_otherwise_changes_nothing(
        root, tmp_path, capsys):
    source = export(tmp_path / "one.csv", [("1", LETTER), ("2", LETTER + " Thanks."),
                                           ("3", CHINESE), ("4", CHINESE.upper())])
    assert imports(root, source) == 0
    path = comments_file(root, DRAFT)
    imported = path.read_bytes()
    assert main(["--root", str(root), "comments", "campaigns", DRAFT]) == 0
    assert path.read_bytes() == imported
    said = capsys.readouterr().out
    assert "campaigns: 2, comments in them: 4, campaign ids changed: 0" in said

    cleared = [json.loads(line) | {"campaign_id": ""} for line in path.read_text().splitlines()]
    path.write_text("".join(json.dumps(v, ensure_ascii=False) + "\n" for v in cleared))
    assert main(["--root", str(root), "comments", "campaigns", DRAFT]) == 0
    assert path.read_bytes() == imported
    assert "campaign ids changed: 4" in capsys.readouterr().out


def test_the_campaigns_command_refuses_an_unknown_draft(root, capsys):
    assert main(["--root", str(root), "comments", "campaigns", "../etc"]) == 2
    assert main(["--root", str(root), "comments", "campaigns", "nope"]) == 2


def test_grouping_in_worker_processes_finds_what_one_process_finds():
    comments = [(f"DKT-{n:05d}", text, "") for n, (_, text, _) in
                enumerate(synthetic(600, seed=3))]
    alone = group(comments, workers=1)
    shared = group(comments, workers=2, chunk_size=100)  # six chunks, sketched by two workers
    assert shared.assignment == alone.assignment and alone.assignment
    assert [(c.id, c.count, c.representative) for c in shared.campaigns] == [
        (c.id, c.count, c.representative) for c in alone.campaigns]


def test_grouping_reads_a_line_as_json_would():
    tricky = {"id": "DKT-1", "comment": 'Quote: "comment": "x", "campaign_id": "CMP-9" \\ \u2028',
              "campaign_id": "CMP-1"}
    line = json.dumps(tricky, ensure_ascii=False)
    assert grouped_fields(line) == ("DKT-1", tricky["comment"], "CMP-1")
    by_hand = '{ "comment":"a","id":"Z"}'  # other spacing and order: decoded whole
    assert grouped_fields(by_hand) == ("Z", "a", "")


def test_grouping_goes_on_in_process_when_the_workers_break(monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    def broken(*args, **kwargs):
        raise BrokenProcessPool("a worker was killed")

    monkeypatch.setattr("generator.comments.workers.ProcessPoolExecutor.submit", broken)
    comments = [(f"DKT-{n:05d}", text, "") for n, (_, text, _) in
                enumerate(synthetic(300, seed=4))]
    assert group(comments, workers=2, chunk_size=50).assignment == group(
        comments, workers=1).assignment


def reference_shingles(words: list[str]) -> list[int]:
    """Shingle hashes the plain way, one text at a time (what ``shingle_sets`` computes for
    many texts at once): CRC-32 of each token, combined three at a time."""
    import zlib

    hashed = [zlib.crc32(w.encode()) for w in words]
    windows = [hashed[i:i + 3] for i in range(len(hashed) - 2)] or [hashed]
    found = set()
    for window in windows:
        combined = 0
        for value in window:
            combined = (combined * 0x9E3779B1 + value) & 0xFFFFFFFF
        found.add(combined)
    return sorted(found)


def test_batch_sketches_are_datasketch_minhashes_of_the_shingle_sets():
    from datasketch import MinHash

    from generator.comments.sketches import NUM_PERM, SEED, sketch_texts, text_key

    texts = [text for _, text, _ in synthetic(300, seed=6)]
    texts += ["", "...", "one", "two words", "three little words", "我", "我们", LETTER]
    batch = sketch_texts(texts)
    for at, text in enumerate(texts):
        words = tokens(text)
        assert batch.key(at) == text_key(words)
        assert batch.shingles_of(at).tolist() == reference_shingles(words)
        sketch = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int)
        sketch.update_batch(reference_shingles(words))
        assert batch.hashvalues[at].tolist() == sketch.hashvalues.tolist(), text


def test_tokens_of_a_text_in_ascii_are_those_of_the_general_rule():
    import re
    import unicodedata

    from generator.comments.sketches import INSIDE, TOKEN

    tricky = ["don't e-mail p.m. A_B __ x-y-z 10.5 a..b a.-b 'quote' -dash- _x_ ", LETTER,
              "U.S.C. 1983, Sec. 6(a)(ii); O'Neil-Smith's", "\t\n MiXeD  CaSe\r\n"]
    for text in tricky + [text for _, text, _ in synthetic(200, seed=7) if text.isascii()]:
        general = TOKEN.findall(INSIDE.sub("", unicodedata.normalize("NFKC", text).casefold()))
        assert text.isascii() and tokens(text) == general
    assert re.fullmatch(r"[a-z0-9]+", "".join(tokens(LETTER)))


def export_rows(path: Path, rows: list[tuple[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as file:
        out = csv.writer(file)
        out.writerow(["id", "received", "name", "email", "comment"])
        for source_id, text in rows:
            out.writerow([source_id, "2026-11-03T10:00:00Z", "Ana", "ana@example.org", text])
    return path


def test_an_import_judged_in_worker_processes_writes_the_same_store(tmp_path, monkeypatch):
    """Rows judged and texts sketched by two workers, a few rows at a time, give the store
    one process gives, byte for byte, even where the number a worker drew for a row is
    taken (it is drawn again by the main process, the next of its sequence)."""
    from generator.comments.ids import derived_id
    from generator.comments.importing import run_import
    from generator.comments.store import private_dir

    monkeypatch.setattr("generator.comments.workers.CHUNK", 10)
    monkeypatch.setattr("generator.comments.judging.BATCH", 7)
    monkeypatch.setattr("generator.comments.sketches.BATCH", 5)
    texts = [text for _, text, _ in synthetic(120, seed=8)]
    rows = [(f"r{n}", text) for n, text in enumerate(texts)]
    rows[50] = ("r7", "The same row id twice in one export: already present.")
    source = export_rows(tmp_path / "export.csv", rows)
    # A comment already in the store holds the number row r33 would draw first.
    earlier = export_rows(tmp_path / "earlier.csv", [("x", "An earlier comment.")])
    taken = derived_id("DKT", 2026, "csv", "r33", lambda number: False)
    stores = []
    for workers in (1, 2):
        root = make_project(tmp_path / f"project-{workers}")
        assert run_import(root, "csv", earlier, DRAFT).ok
        path = comments_file(root, DRAFT)
        path.write_text(path.read_text().replace(read_comments(root, DRAFT)[0].id, taken))
        result = run_import(root, "csv", source, DRAFT, workers=workers)
        assert result.ok and (result.counts.imported, result.counts.present) == (119, 1)
        stored = {c.source_id: c.id for c in read_comments(root, DRAFT)}
        assert stored["x"] == taken and stored["r33"] != taken
        stores.append([path.read_bytes()] + [
            (private_dir(root) / DRAFT / name).read_bytes()
            for name in ("contacts.jsonl", "originals.jsonl")
            if (private_dir(root) / DRAFT / name).exists()])
    assert stores[0] == stores[1]
