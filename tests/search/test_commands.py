"""manage.py search_reindex and search_eval."""

from __future__ import annotations

import gzip
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from prongsai.search import service


@pytest.fixture
def corpus(tmp_path):
    docs = [
        {"id": "a", "title": "มาตรการป้องกันการทุจริต", "text": "ป้องกันการทุจริตในหน่วยงาน"},
        {"id": "b", "title": "ผลการเบิกจ่ายงบประมาณ ๒๕๖๖", "text": "เบิกจ่ายงบประมาณ", "date": "x"},
        {"id": "c", "title": "ประกวดราคาจ้างก่อสร้าง", "text": "ประกาศประกวดราคาอิเล็กทรอนิกส์"},
    ]
    path = tmp_path / "c.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        "\n".join(
            json.dumps(q, ensure_ascii=False)
            for q in [
                {"qid": "1", "query": "ทุจริต", "kind": "word", "relevant": {"a": 2}},
                {"qid": "2", "query": "เบิกจ่าย 2023", "kind": "year", "relevant": ["b"]},
                {"qid": "3", "query": "e-bidding", "kind": "english", "relevant": {"c": 1}},
            ]
        ),
        encoding="utf-8",
    )
    return path, queries


def test_search_eval_prints_every_metric_as_json(corpus) -> None:
    out = StringIO()
    call_command(
        "search_eval", "--corpus", str(corpus[0]), "--queries", str(corpus[1]), "--json", stdout=out
    )
    report = json.loads(out.getvalue())
    overall = report["engine"]["overall"]
    assert set(overall) == {"ndcg@10", "recall@10", "mrr@10", "queries"}
    assert overall["queries"] == 3
    assert overall["ndcg@10"] == pytest.approx(1.0)
    assert set(report["engine"]["latency_ms"]) == {"p50", "p95"}
    assert set(report["baselines"]) == {"like", "trigram", "bag_of_words"}
    assert set(report["engine"]["kinds"]) == {"word", "year", "english"}


def test_search_eval_prints_a_table(corpus) -> None:
    out = StringIO()
    call_command("search_eval", "--corpus", str(corpus[0]), "--queries", str(corpus[1]), stdout=out)
    text = out.getvalue()
    assert "overall" in text and "bag_of_words" in text and "p95" in text


def test_search_eval_explains_a_broken_file(corpus, tmp_path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"qid": "1"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="relevant"):
        call_command("search_eval", "--corpus", str(corpus[0]), "--queries", str(bad))
    with pytest.raises(CommandError, match="not found"):
        call_command("search_eval", "--corpus", str(tmp_path / "none.jsonl"), "--queries", str(bad))


@pytest.mark.django_db
def test_search_reindex_builds_and_skips_when_current(settings, tmp_path) -> None:
    settings.PRONGSAI_SEARCH = {"BACKEND": "sqlite", "PATH": str(tmp_path / "s.sqlite3")}
    service.reset_engine()
    try:
        out = StringIO()
        call_command("search_reindex", stdout=out)
        assert "indexed" in out.getvalue()
        assert not service.get_engine().needs_rebuild()
        out = StringIO()
        call_command("search_reindex", "--if-needed", stdout=out)
        assert "index is current" in out.getvalue()
    finally:
        service.reset_engine()
