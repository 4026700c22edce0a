"""eval ner: readers of the four gold formats on tiny inline samples, and the scoring."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dyadwatch.eval.common import Report
from dyadwatch.eval.ner import (GoldDoc, evaluate, read_factrueval, read_gum, read_nerel, read_uner,
                                score_doc)


def test_eval_ner_factrueval_reader_unions_name_spans_only(tmp_path: Path) -> None:
    text = "Глава МИД Киргизии Руслан Казакбаев прибыл в Москву. Российская сторона довольна."
    (tmp_path / "book_1.txt").write_text(text, encoding="utf-8")
    (tmp_path / "book_1.spans").write_text(
        "10 job 0 5 1 1  # 1 Глава\n"
        "11 org_name 6 3 2 1  # 2 МИД\n"
        "12 loc_name 10 8 3 1  # 3 Киргизии\n"
        "13 name 19 6 4 1  # 4 Руслан\n"
        "14 surname 26 9 5 1  # 5 Казакбаев\n"
        "15 loc_name 45 6 8 1  # 8 Москву\n"
        "16 geo_adj 53 10 10 1  # 10 Российская\n", encoding="utf-8")
    (tmp_path / "book_1.objects").write_text(
        "1 Org 11 12 # МИД Киргизии\n"
        "2 Person 13 14 # Руслан Казакбаев\n"
        "3 Location 15 # Москву\n"
        "4 LocOrg 16 # Российская\n"
        "5 Project 15 # not scored\n", encoding="utf-8")
    (doc,) = read_factrueval(tmp_path)
    assert doc.lang == "ru"
    assert [(text[s:e], t) for s, e, t in doc.gold] == [
        ("МИД Киргизии", "ORG"), ("Руслан Казакбаев", "PER"), ("Москву", "LOC")]


def test_eval_ner_nerel_reader_maps_types_and_skips_discontinuous(tmp_path: Path) -> None:
    text = "Министр иностранных дел России Сергей Лавров встретился в Бишкеке с коллегой."
    (tmp_path / "7.txt").write_text(text, encoding="utf-8")
    (tmp_path / "7.ann").write_text(
        "T1\tPROFESSION 0 30\tМинистр иностранных дел России\n"
        "T2\tCOUNTRY 24 30\tРоссии\n"
        "T3\tPERSON 31 44\tСергей Лавров\n"
        "T4\tCITY 58 65\tБишкеке\n"
        "T5\tORGANIZATION 0 7;20 23\tМинистр дел\n"
        "R1\tWORKPLACE Arg1:T3 Arg2:T2\t\n"
        "N1\tReference T3 Wikidata:Q1\tСергей Лавров\n", encoding="utf-8")
    (doc,) = read_nerel(tmp_path)
    assert [(text[s:e], t) for s, e, t in doc.gold] == [("России", "LOC"), ("Сергей Лавров", "PER"),
                                                        ("Бишкеке", "LOC")]


def test_eval_ner_uner_reader_groups_sentences_of_a_document(tmp_path: Path) -> None:
    path = tmp_path / "x.iob2"
    path.write_text(
        "# newdoc id = n1\n# sent_id = n1-1\n# text = Sadyr Japarov visited Moscow.\n"
        "1\tSadyr\tB-PER\t-\ta\n2\tJaparov\tI-PER\t-\ta\n3\tvisited\tO\t-\ta\n4\tMoscow\tB-LOC\t-\ta\n5\t.\tO\t-\ta\n\n"
        "# sent_id = n1-2\n# text = Japarov thanked the EAEU.\n"
        "1\tJaparov\tB-PER\t-\ta\n2\tthanked\tO\t-\ta\n3\tthe\tO\t-\ta\n4\tEAEU\tB-ORG\t-\ta\n5\t.\tO\t-\ta\n\n"
        "# newdoc id = n2\n# sent_id = n2-1\n# text = Bishkek is calm.\n"
        "1\tBishkek\tB-LOC\t-\ta\n2\tis\tO\t-\ta\n3\tcalm\tO\t-\ta\n4\t.\tO\t-\ta\n\n", encoding="utf-8")
    docs = list(read_uner(path, "en"))
    assert [d.id for d in docs] == ["n1-1", "n2-1"]
    first = docs[0]
    assert first.text == "Sadyr Japarov visited Moscow. Japarov thanked the EAEU."
    assert [(first.text[s:e], t) for s, e, t in first.gold] == [
        ("Sadyr Japarov", "PER"), ("Moscow", "LOC"), ("Japarov", "PER"), ("EAEU", "ORG")]
    assert len(list(read_uner(path, "en", limit=1))) == 1


def test_eval_ner_gum_reader_keeps_the_final_proper_name_of_a_phrase(tmp_path: Path) -> None:
    rows = [  # id, form, lemma, UPOS, XPOS, head, MISC
        ("1", "The", "the", "DET", "DT", "4", "Entity=(1-organization-new-sssss-cf1-2,3,4-coref-State_Duma"),
        ("2", "Russian", "Russian", "ADJ", "JJ", "4", "_"),
        ("3", "State", "State", "ADJ", "NNP", "4", "_"),  # GUM: UPOS ADJ, Penn NNP
        ("4", "Duma", "Duma", "PROPN", "NNP", "5", "Entity=1)"),
        ("5", "met", "meet", "VERB", "VBD", "0", "_"),
        ("6", "President", "President", "PROPN", "NNP", "7", "Entity=(2-person-new-sssss-cf2-1-coref-Vladimir_Putin"),
        ("7", "Putin", "Putin", "PROPN", "NNP", "5", "Entity=2)|SpaceAfter=No"),
        ("8", "'s", "'s", "PART", "POS", "7", "_"),
        ("9", "team", "team", "NOUN", "NN", "5", "Entity=(3-person-new-nnnnn-cf3-1-sgl)|SpaceAfter=No"),
        ("10", ".", ".", "PUNCT", ".", "5", "_"),
    ]
    lines = ["# newdoc id = GUM_news_tiny", "# text = The Russian State Duma met President Putin's team."]
    lines += [f"{i}\t{w}\t{lemma}\t{upos}\t{xpos}\t_\t{head}\t_\t_\t{misc}"
              for i, w, lemma, upos, xpos, head, misc in rows]
    (tmp_path / "GUM_news_tiny.conllu").write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    (doc,) = read_gum(tmp_path)
    assert doc.text.startswith("The Russian State Duma met President Putin's team.")
    # "The Russian State Duma" -> its proper-noun run; the title is not part of the name; "team" is not a name
    assert [(doc.text[s:e], t) for s, e, t in doc.gold] == [("State Duma", "ORG"), ("Putin", "PER")]


def test_eval_ner_scoring_exact_and_overlap() -> None:
    report = Report("t")
    gold = [(0, 13, "PER"), (22, 28, "LOC"), (40, 44, "ORG")]
    system = {(0, 13, "PER"), (22, 29, "LOC"), (40, 44, "LOC"), (50, 55, "ORG")}
    score_doc(report, "s", system, gold)
    exact, overlap = report.prf("s", "micro exact"), report.prf("s", "micro overlap")
    assert (exact.tp, exact.sys, exact.gold) == (1, 4, 3)
    assert (overlap.tp, overlap.sys, overlap.gold) == (2, 4, 3)
    assert report.prf("s", "ORG exact").r == 0.0


def test_eval_ner_evaluate_reports_systems_side_by_side() -> None:
    doc = GoldDoc("d", "Sadyr Japarov met Putin.", "en", ((0, 13, "PER"), (18, 23, "PER")))
    report = evaluate([doc], "t", "model", {"model": lambda d: {(0, 13, "PER")},
                                              "dyadwatch": lambda d: {(0, 13, "PER"), (18, 23, "PER")}})
    assert report.prf("model", "micro exact").f1 < report.prf("dyadwatch", "micro exact").f1 == 1.0
    systems_of_first_category = [s for (s, c) in report.rows if c == "PER exact"]
    assert systems_of_first_category == ["model", "dyadwatch"]


def test_eval_ner_cli_runs_on_a_shared_folder(tmp_path: Path) -> None:
    from dyadwatch.cli import app

    folder = tmp_path / "eval" / "nerel" / "NEREL-v1.1" / "test"
    folder.mkdir(parents=True)
    text = "Президент Киргизии Садыр Жапаров прибыл в Москву."
    (folder / "1.txt").write_text(text, encoding="utf-8")
    (folder / "1.ann").write_text("T1\tCOUNTRY 10 18\tКиргизии\nT2\tPERSON 19 32\tСадыр Жапаров\n"
                                  "T3\tCITY 42 48\tМоскву\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "ner", "--dataset", "nerel", "--shared", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["rows"]
    systems = {r["system"] for r in rows}
    assert systems == {"natasha", "dyadwatch"}
    dw = next(r for r in rows if r["system"] == "dyadwatch" and r["category"] == "micro exact")
    assert dw["gold"] == 3 and dw["tp"] == 3


def test_eval_ner_outermost_drops_nested_mentions_for_flat_gold() -> None:
    from dyadwatch.eval.ner import outermost

    spans = {(0, 11, "ORG"), (4, 11, "LOC"), (20, 26, "LOC")}
    assert outermost(spans) == {(0, 11, "ORG"), (20, 26, "LOC")}


def _write_gum_conllu(folder: Path, doc_id: str, text: str, rows: list[tuple[str, ...]]) -> None:
    """A one-sentence GUM-style CoNLL-U file; rows are (id, form, UPOS, XPOS, head, deprel, MISC)."""
    lines = [f"# newdoc id = {doc_id}", f"# text = {text}"]
    lines += [f"{i}\t{w}\t{w}\t{upos}\t{xpos}\t_\t{head}\t{rel}\t_\t{misc}" for i, w, upos, xpos, head, rel, misc in rows]
    (folder / f"{doc_id}.conllu").write_text("\n".join(lines) + "\n\n", encoding="utf-8")


def test_eval_ner_gum_reader_takes_the_name_at_the_head_of_a_phrase(tmp_path: Path) -> None:
    rows = [  # id, form, UPOS, XPOS, head, deprel, MISC
        ("1", "Teams", "NOUN", "NNS", "6", "nsubj", "Entity=(1-organization-new-sssss-cf1-1-coref"),
        ("2", "from", "ADP", "IN", "3", "case", "_"),
        ("3", "Osh", "PROPN", "NNP", "1", "nmod", "Entity=(2-place-new-sssss-cf2-1-sgl-Osh)"),
        ("4", "and", "CCONJ", "CC", "5", "cc", "_"),
        ("5", "Naryn", "PROPN", "NNP", "3", "conj", "Entity=(3-place-new-sssss-cf3-1-sgl-Naryn)1)"),
        ("6", "met", "VERB", "VBD", "0", "root", "_"),
        ("7", "party", "NOUN", "NN", "8", "compound", "Entity=(4-person-new-sssss-cf4-2-sgl"),
        ("8", "member", "NOUN", "NN", "6", "obj", "_"),
        ("9", "Aibek", "PROPN", "NNP", "8", "flat", "_"),
        ("10", "Tashiev", "PROPN", "NNP", "8", "flat", "_"),
        ("11", "of", "ADP", "IN", "13", "case", "_"),
        ("12", "the", "DET", "DT", "13", "det", "Entity=(5-organization-new-sssss-cf5-2-sgl"),
        ("13", "Bank", "PROPN", "NNP", "8", "nmod", "_"),
        ("14", "of", "ADP", "IN", "15", "case", "_"),
        ("15", "Asia", "PROPN", "NNP", "13", "nmod", "Entity=(6-place-new-sssss-cf6-1-sgl-Asia)5)4)|SpaceAfter=No"),
        ("16", ".", "PUNCT", ".", "6", "punct", "_"),
    ]
    _write_gum_conllu(tmp_path, "GUM_news_teams",
                      "Teams from Osh and Naryn met party member Aibek Tashiev of the Bank of Asia.", rows)
    (doc,) = read_gum(tmp_path)
    # a phrase headed by a common noun ("Teams from ...") is no name; a person's name stops before "of";
    # an organisation's name bridges it; the place nested in the organisation is not kept (flat, as UNER)
    assert [(doc.text[s:e], t) for s, e, t in doc.gold] == [
        ("Osh", "LOC"), ("Naryn", "LOC"), ("Aibek Tashiev", "PER"), ("Bank of Asia", "ORG")]


def test_eval_ner_parts_split_gum_and_uner() -> None:
    from dyadwatch.eval.ner import in_part

    gum = GoldDoc("GUM_news_iodine", "", "en", ())
    assert in_part(gum, "gum", "dev") and not in_part(gum, "gum", "train") and not in_part(gum, "gum", "test")
    assert in_part(GoldDoc("GUM_news_afghan", "", "en", ()), "gum", "train")
    assert in_part(GoldDoc("w01001-0001", "", "en", ()), "uner-en", "wiki")
    assert not in_part(GoldDoc("w01001-0001", "", "ru", ()), "uner-ru", "news")


def test_eval_ner_gum_person_name_after_a_title_takes_only_its_own_words(tmp_path: Path) -> None:
    rows = [  # id, form, UPOS, XPOS, head, deprel, MISC
        ("1", "Ambassador", "PROPN", "NNP", "7", "nsubj", "Entity=(1-person-new-sssss-cf1-1-coref"),
        ("2", "to", "ADP", "IN", "4", "case", "_"),
        ("3", "the", "DET", "DT", "4", "det", "_"),
        ("4", "Kremlin", "PROPN", "NNP", "1", "nmod", "Entity=(2-place-new-sssss-cf2-1-sgl-Kremlin)"),
        ("5", "Aibek", "PROPN", "NNP", "1", "flat", "_"),
        ("6", "Tashiev", "PROPN", "NNP", "1", "flat", "Entity=1)"),
        ("7", "spoke", "VERB", "VBD", "0", "root", "SpaceAfter=No"),
        ("8", ".", "PUNCT", ".", "7", "punct", "_"),
    ]
    _write_gum_conllu(tmp_path, "GUM_news_envoy", "Ambassador to the Kremlin Aibek Tashiev spoke.", rows)
    (doc,) = read_gum(tmp_path)
    assert [(doc.text[s:e], t) for s, e, t in doc.gold] == [("Kremlin", "LOC"), ("Aibek Tashiev", "PER")]


def test_eval_ner_place_acting_as_state_scored_per_dataset_guideline() -> None:
    from dyadwatch.eval.ner import ACTS_AS, DyadwatchNer

    text = "Россия объявила о приостановке соглашения, а делегация осталась в России."
    doc = GoldDoc("n01", text, "ru", ((0, 6, "ORG"), (66, 72, "LOC")))
    # UNER tags a state acting as ORG; factRuEval (LocOrg read as LOC) and NEREL (COUNTRY) as a place
    assert DyadwatchNer(acts_as=ACTS_AS["uner-ru"])(doc) >= {(0, 6, "ORG"), (66, 72, "LOC")}
    assert DyadwatchNer(acts_as=ACTS_AS["factrueval"])(doc) >= {(0, 6, "LOC"), (66, 72, "LOC")}
    assert DyadwatchNer(acts_as=ACTS_AS["nerel"], nested=True)(doc) >= {(0, 6, "LOC")}
    assert {(0, 6, "LOC")} <= DyadwatchNer()(doc)  # no mapping: the mention's own type
