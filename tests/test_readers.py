"""Readers: every supported format, and a clear error for every kind of bad input."""
from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from quotekit.readers import InputError, read_articles


def test_txt_folder_keeps_text_exactly(tmp_path):
    (tmp_path / "b.txt").write_bytes("Line one\r\n“Quoted,” he said.\n".encode())
    (tmp_path / "a.txt").write_text("First", encoding="utf-8")
    articles = list(read_articles(tmp_path))
    assert [a.id for a in articles] == ["a", "b"]
    assert articles[1].text == "Line one\r\n“Quoted,” he said.\n"


def test_jsonl_and_parquet_with_metadata(tmp_path):
    rows = [{"id": "x1", "text": "Hello", "title": "T", "url": "http://e.com", "source": "S", "published": "2025-03-01"}]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    pq.write_table(pa.Table.from_pylist([{"id": "x2", "text": "World"}]), tmp_path / "b.parquet")
    articles = list(read_articles(tmp_path))
    assert [(a.id, a.text, a.title, a.published) for a in articles] == [
        ("x1", "Hello", "T", "2025-03-01"), ("x2", "World", None, None)]


@pytest.mark.parametrize("content, message", [
    ('{"text": "no id"}\n', "a.jsonl, line 1: field 'id': missing required field"),
    ('{"id": "a"}\n', "a.jsonl, line 1: field 'text': missing required field"),
    ('{"id": "a", "text": 5}\n', "a.jsonl, line 1: field 'text': must be a string, not int"),
    ('{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', "field 'id': duplicate id 'a'"),
    ('{"id": "a", "text": "x"\n', "a.jsonl, line 1: is not valid JSON"),
    ('{"id": "a", "text": "half \\ud800 a pair"}\n',
     "a.jsonl, line 1: field 'text': holds a lone surrogate (\\ud800 at character 5)"),
    ('{"id": "a\\udc01", "text": "x"}\n', "a.jsonl, line 1: field 'id': holds a lone surrogate (\\udc01 at character 1)"),
    ('{"id": "a", "text": "x", "title": "\\ud83d"}\n', "field 'title': holds a lone surrogate"),
])
def test_bad_jsonl_names_file_line_and_field(tmp_path, content, message):
    (tmp_path / "a.jsonl").write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as error:
        list(read_articles(tmp_path))
    assert message in str(error.value)


def test_bad_bytes_and_unknown_format(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9")
    with pytest.raises(InputError, match=r"bad.txt, byte 3: field 'text': is not valid UTF-8"):
        list(read_articles(tmp_path / "bad.txt"))
    (tmp_path / "x.csv").write_text("id,text\n")
    with pytest.raises(InputError, match="x.csv: unknown input format"):
        list(read_articles(tmp_path / "x.csv"))


def test_problems_are_collected_not_dropped(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "ok", "text": "x"}\n{"id": ""}\n{"id": "ok2", "text": "y"}\n')
    problems = []
    ids = [a.id for a in read_articles(tmp_path, on_problem=problems.append)]
    assert ids == ["ok", "ok2"]
    assert [(p.location, p.field) for p in problems] == [("line 2", "id")]


def test_a_lone_surrogate_is_rejected_and_its_record_kept_whole(cli, tmp_path):
    """Half a UTF-16 pair cannot be written as UTF-8 (it used to end the build in a
    traceback): the build rejects the article, and the rejects file gives it back."""
    line = '{"id": "a1", "text": "He said \\"yes \\ud800 now we go home,\\" Lee said."}'
    (tmp_path / "in.jsonl").write_text(line + "\n", encoding="utf-8")
    done = cli("build", tmp_path / "in.jsonl", "--out", tmp_path / "out", "--name", "s", "--version", "1.0.0", "--quiet")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "line 1: field 'text': holds a lone surrogate" in done.stderr
    assert done.stderr.count("in.jsonl, line 1") == 1  # the place is said once, not twice
    (reject,) = [json.loads(row) for row in (tmp_path / "out/s/v1.0.0.rejects.jsonl").read_text().splitlines()]
    assert reject["record"] == json.loads(line)


def test_duplicate_ids_are_found_in_memory_and_on_disk(tmp_path, monkeypatch):
    """The ids seen move to disk past id_index.MEMORY_IDS, so reading stays bounded; the
    duplicates found, and the file each id was first seen in, do not change."""
    import quotekit.id_index

    (tmp_path / "a.jsonl").write_text('{"id": "x", "text": "1"}\n{"id": "é", "text": "2"}\n{"id": "x", "text": "3"}\n',
                                      encoding="utf-8")
    (tmp_path / "b.txt").write_text("empty of ids", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"id": "b", "text": "4"}\n{"id": "é", "text": "5"}\n{"id": "y", "text": "6"}\n',
                                      encoding="utf-8")

    def read() -> tuple[list[str], list[str]]:
        problems = []
        ids = [a.id for a in read_articles(tmp_path, on_problem=problems.append)]
        return ids, [f"{p.file.rsplit('/', 1)[-1]}: {p.reason}" for p in problems]

    expected = (["x", "é", "b", "y"], [f"a.jsonl: field 'id': duplicate id 'x' (first seen in {tmp_path / 'a.jsonl'})",
                                       f"c.jsonl: field 'id': duplicate id 'b' (first seen in {tmp_path / 'b.txt'})",
                                       f"c.jsonl: field 'id': duplicate id 'é' (first seen in {tmp_path / 'a.jsonl'})"])
    assert read() == expected
    moved: list[int] = []

    class CountedDiskIds(quotekit.id_index.DiskIds):
        def __init__(self, ids, labelled=False):
            moved.append(len(ids))
            super().__init__(ids, labelled)

    monkeypatch.setattr(quotekit.id_index, "DiskIds", CountedDiskIds)
    for limit in (0, 2):
        monkeypatch.setattr(quotekit.id_index, "MEMORY_IDS", limit)
        assert read() == expected
    assert moved == [0, 2]  # the ids went to disk in each run
