"""Write what `quotekit validate` finds: every problem as a line of text or as JSON, a
summary of counts, and --valid / --rejects files that between them hold every record read."""
from __future__ import annotations

import json
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO, TextIO

from .record_files import Batch, Entry, RecordFileError, record_files
from .validate import (Problem, Summary, ValidationUsageError, check_batches, file_kinds,
                       reference_articles)


def _printable(text: str) -> str:
    """``text`` with what UTF-8 cannot hold (a lone surrogate in a record, a file name that
    is not UTF-8) as backslash escapes, which inside a JSON string are the same escapes."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


class _TextReport:
    def __init__(self, out: TextIO):
        self.out = out

    def problem(self, problem: Problem) -> None:
        self.out.write(_printable(f"{problem}\n"))

    def finish(self, summary: Summary) -> None:
        self.out.write("\n".join(summary.lines()) + "\n")


class _JsonReport:
    """One JSON document, {"problems": [...], "summary": {...}}, written as problems come."""

    def __init__(self, out: TextIO):
        self.out = out
        self.count = 0
        out.write('{"problems": [')

    def problem(self, problem: Problem) -> None:
        self.out.write(("," if self.count else "") + "\n  " + _printable(json.dumps(problem.to_json(), ensure_ascii=False)))
        self.count += 1

    def finish(self, summary: Summary) -> None:
        self.out.write(("\n" if self.count else "") + '],\n "summary": ' + json.dumps(summary.to_json()) + "}\n")


def _valid_lines(batch: Batch, invalid: dict[int, list[Problem]]) -> bytes:
    """The valid records of ``batch``, a line each: a JSON Lines record exactly as it was written."""
    if batch.raws is not None:
        raws = batch.raws if not invalid else [raw for index, raw in enumerate(batch.raws) if index not in invalid]
        return b"".join([raw.rstrip(b"\r\n") + b"\n" for raw in raws])
    return b"".join([json.dumps(record, ensure_ascii=False).encode("utf-8", "backslashreplace") + b"\n"
                     for index, record in enumerate(batch.records) if index not in invalid])


def _reject_line(file: str, entry: Entry | None, problems: list[Problem]) -> bytes:
    first = problems[0]
    row = {"file": file, "location": first.location, "id": first.record_id,
           "reasons": [{"path": p.path, "check": p.check, "message": p.message} for p in problems],
           "record": entry.record if entry is not None and entry.readable else None}
    if entry is not None and not entry.readable and entry.raw is not None:
        row["raw"] = entry.raw.rstrip(b"\r\n").decode("utf-8", "backslashreplace")
    return json.dumps(row, ensure_ascii=False, default=repr).encode("utf-8", "backslashreplace") + b"\n"


def _outputs_apart(inputs: list[Path], valid: str | None, rejects: str | None) -> None:
    inputs_resolved = {path.resolve() for path in inputs}
    outputs = [(option, Path(value).resolve()) for option, value in (("--valid", valid), ("--rejects", rejects))
               if value]
    for option, path in outputs:
        if path in inputs_resolved:
            raise ValidationUsageError(f"{option} {path} is one of the files being checked")
    if len(outputs) == 2 and outputs[0][1] == outputs[1][1]:
        raise ValidationUsageError("--valid and --rejects name the same file")


def run_validation(paths: list[str], *, out: TextIO, kind: str | None = None, articles: str | None = None,
                   format: str = "text", valid: str | None = None, rejects: str | None = None) -> Summary:
    """Check the records at ``paths`` and report every problem to ``out``; with ``valid``
    and ``rejects``, write the good records and the bad ones with their reasons."""
    try:
        files = record_files(paths)
    except RecordFileError as error:
        raise ValidationUsageError(str(error)) from None
    _outputs_apart([file.path for file in files], valid, rejects)
    references, reference_problems = reference_articles(articles) if articles else (None, [])
    kinds = file_kinds(files, kind)
    summary = Summary(files=len(files), articles_checked=references is not None or "article" in kinds.values())
    report = _JsonReport(out) if format == "json" else _TextReport(out)
    with ExitStack() as stack:
        valid_out: BinaryIO | None = stack.enter_context(open(valid, "wb")) if valid else None
        rejects_out: BinaryIO | None = stack.enter_context(open(rejects, "wb")) if rejects else None
        for problem in reference_problems:
            summary.add(False, [problem])
            report.problem(problem)
        for file, batch, invalid in check_batches(files, kinds, references):
            if batch is not None:
                summary.records += len(batch) - len(invalid)
                if valid_out and len(invalid) < len(batch):
                    valid_out.write(_valid_lines(batch, invalid))
            for index, problems in invalid.items():
                entry = None if batch is None else batch.entry(index)
                summary.add(entry is not None, problems)
                for problem in problems:
                    report.problem(problem)
                if rejects_out:
                    rejects_out.write(_reject_line(str(file.path), entry, problems))
    report.finish(summary)
    return summary
