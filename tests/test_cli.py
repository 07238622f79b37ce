"""The real CLI in a subprocess: golden output on the seeds, and clear errors."""
from __future__ import annotations

import json
import os

from .conftest import ROOT, SEEDS

GOLDEN = ROOT / "tests" / "golden" / "seeds.quotes.jsonl"


def test_extract_seeds_matches_golden_output(cli, tmp_path):
    out = tmp_path / "out.jsonl"
    result = cli("extract", SEEDS, "-o", out)
    assert result.returncode == 0, result.stderr
    produced = out.read_text(encoding="utf-8")
    if os.environ.get("QUOTEKIT_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(produced, encoding="utf-8")
    assert produced == GOLDEN.read_text(encoding="utf-8"), \
        "extraction output changed: review the diff, then QUOTEKIT_UPDATE_GOLDEN=1 pytest tests/test_cli.py"


def test_extract_offsets_slice_the_article(cli, tmp_path):
    out = tmp_path / "out.jsonl"
    assert cli("extract", SEEDS, "-o", out).returncode == 0
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    for line in out.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = texts[record["article_id"]]
        assert text[record["start"]:record["end"]] == record["quote"]
        for span in (record["speaker_mention"], record["cue"]):
            if span:
                assert text[span["start"]:span["end"]] == span["text"]


def test_bad_input_is_named_and_kept_aside(cli, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "“Yes,” Lee said."}\n{"id": "b"}\nnot json\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = cli("extract", source, "-o", out)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "in.jsonl, line 2: field 'text': missing required field" in result.stderr
    assert "in.jsonl, line 3: is not valid JSON" in result.stderr
    assert [json.loads(line)["quote"] for line in out.read_text().splitlines()] == ["Yes,"]
    rejects = [json.loads(line) for line in (tmp_path / "out.rejects.jsonl").read_text().splitlines()]
    assert [r["location"] for r in rejects] == ["line 2", "line 3"]


def test_missing_input_and_unknown_format(cli, tmp_path):
    result = cli("extract", tmp_path / "nope", "-o", tmp_path / "o.jsonl")
    assert result.returncode == 1 and "nope: no such file or folder" in result.stderr
    (tmp_path / "a.csv").write_text("x")
    result = cli("extract", tmp_path / "a.csv", "-o", tmp_path / "o.jsonl")
    assert result.returncode == 1 and "unknown input format" in result.stderr
    assert "Traceback" not in result.stderr


def test_eval_min_f1_gate(cli):
    gold = ROOT / "tests" / "gold" / "seeds.jsonl"
    assert cli("eval", gold, "--min-f1", "0.5").returncode == 0
    failed = cli("eval", gold, "--min-f1", "0.999")
    assert failed.returncode == 1 and "below --min-f1" in failed.stderr
