"""Score extraction against gold annotations.

Gold: one article per line, ``{"id", "text", "quotes": [{"start", "end", "speaker", "kind"}]}``.
The PolNeAR export is read too (quotes with ``speaker_start``/``speaker_end``,
``speaker_names`` and ``optional``).

A predicted quote matches a gold one when their spans, trimmed of marks and edge
punctuation, overlap by at least half of their union. Its speaker is right when it names
the same person (same surname), or, for gold with speaker offsets, when the predicted
mention overlaps the annotated one or the predicted speaker's last word is among the
annotated chain's ``speaker_names``. Gold quotes marked ``optional`` count neither way.

PolNeAR's gold covers double-quoted runs only (its README): in that format a predicted
quotation inside single marks (a US headline's ‘…’) is outside what the annotators could
mark, so it is reported as ``out_of_scope`` and not scored.
"""
from __future__ import annotations

import json
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import regex

from .extract import extract_article
from .readers import Article

SINGLE_MARKS = set("‘’'‚‹›′")
EDGE = regex.compile(r"^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$")


@dataclass(frozen=True, slots=True)
class GoldQuote:
    start: int
    end: int
    speaker: str | None
    kind: str | None
    optional: bool = False
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    text: str
    quotes: tuple[GoldQuote, ...]
    double_marks_only: bool = False  # PolNeAR: only double-quoted runs were annotated


@dataclass
class Tally:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    speaker_right: int = 0

    def as_dict(self) -> dict:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        e2e_p = self.speaker_right / self.predicted if self.predicted else 0.0
        e2e_r = self.speaker_right / self.gold if self.gold else 0.0
        return {
            "predicted": self.predicted, "gold": self.gold, "matched": self.matched,
            "speaker_right": self.speaker_right,
            "span_precision": round(p, 4), "span_recall": round(r, 4), "span_f1": round(_f1(p, r), 4),
            "speaker_accuracy": round(self.speaker_right / self.matched, 4) if self.matched else 0.0,
            "e2e_precision": round(e2e_p, 4), "e2e_recall": round(e2e_r, 4), "e2e_f1": round(_f1(e2e_p, e2e_r), 4),
        }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    overall: Tally = field(default_factory=Tally)
    by_rule: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    errors: list[dict] = field(default_factory=list)
    out_of_scope: int = 0

    def as_dict(self) -> dict:
        rules = {}
        for rule, t in sorted(self.by_rule.items()):
            rules[rule] = {"predicted": t.predicted, "matched": t.matched, "speaker_right": t.speaker_right,
                           "precision": round(t.speaker_right / t.predicted, 4) if t.predicted else 0.0}
        kinds = {kind: {"gold": t.gold, "matched": t.matched, "speaker_right": t.speaker_right,
                        "recall": round(t.matched / t.gold, 4) if t.gold else 0.0,
                        "e2e_recall": round(t.speaker_right / t.gold, 4) if t.gold else 0.0}
                 for kind, t in sorted(self.by_kind.items())}
        return {**self.overall.as_dict(), "out_of_scope": self.out_of_scope, "by_rule": rules, "by_kind": kinds,
                "error_counts": dict(Counter(e["error"] for e in self.errors))}


def load_gold(path: str | Path) -> list[GoldArticle]:
    """Gold articles from a JSONL file; a file whose quotes carry ``optional`` is in the
    PolNeAR format, whose annotation covers double-quoted runs only."""
    articles = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                quotes = tuple(
                    GoldQuote(q["start"], q["end"], q.get("speaker"), q.get("kind"), bool(q.get("optional", False)),
                              q.get("speaker_start"), q.get("speaker_end"), tuple(q.get("speaker_names") or ()))
                    for q in row["quotes"])
                articles.append(GoldArticle(row["id"], row["text"], quotes,
                                            any("optional" in q for q in row["quotes"])))
            except (KeyError, TypeError, json.JSONDecodeError) as error:
                raise ValueError(f"{path}, line {number}: not a gold article ({error!r})") from None
    if any(a.double_marks_only for a in articles):
        articles = [GoldArticle(a.id, a.text, a.quotes, True) for a in articles]
    return articles


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    span = text[start:end]
    lead = EDGE.match(span)
    trail = EDGE.search(span)
    new_start = start + (lead.end() if lead else 0)
    new_end = end - (len(span) - trail.start() if trail and trail.start() > (lead.end() if lead else 0) else 0)
    return (new_start, new_end) if new_end > new_start else (start, end)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter > 0 and inter >= 0.5 * union


def _name_key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return regex.sub(r"[^\w@ ]+", "", folded).strip()


def same_speaker(predicted: str | None, gold: str | None) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    p, g = _name_key(predicted), _name_key(gold)
    if not p or not g:
        return False
    return p == g or p.split()[-1].lstrip("@") == g.split()[-1].lstrip("@")


def _speaker_right(pred: dict, gold: GoldQuote) -> bool:
    if gold.speaker_start is not None and gold.speaker_end is not None:
        mention = pred.get("speaker_mention")
        if mention and min(mention["end"], gold.speaker_end) > max(mention["start"], gold.speaker_start):
            return True
        speaker = pred.get("speaker")
        if speaker and _name_key(speaker).split() and _name_key(speaker).split()[-1] in gold.speaker_names:
            return True
        return same_speaker(speaker, gold.speaker) if speaker else False
    return same_speaker(pred.get("speaker"), gold.speaker)


def score_article(gold: GoldArticle, predictions: list[dict], report: Report) -> None:
    text = gold.text
    gold_spans = [_trimmed(text, q.start, q.end) for q in gold.quotes]
    pred_spans = [_trimmed(text, p["start"], p["end"]) for p in predictions]
    pairs = sorted(
        ((min(g[1], p[1]) - max(g[0], p[0]), gi, pi)
         for gi, g in enumerate(gold_spans) for pi, p in enumerate(pred_spans) if _overlaps(g, p)),
        reverse=True)
    gold_of: dict[int, int] = {}
    used_gold: set[int] = set()
    for _, gi, pi in pairs:
        if gi not in used_gold and pi not in gold_of:
            used_gold.add(gi)
            gold_of[pi] = gi

    for gi, g in enumerate(gold.quotes):
        if g.optional:
            continue
        report.overall.gold += 1
        report.by_kind[g.kind or "unknown"].gold += 1
        if gi not in used_gold:
            report.errors.append({"error": "missed", "article": gold.id, "start": g.start, "end": g.end,
                                  "quote": text[g.start:g.end][:120], "gold_speaker": g.speaker})
    for pi, pred in enumerate(predictions):
        gi = gold_of.get(pi)
        if gi is None and gold.double_marks_only and text[pred["start"] - 1:pred["start"]] in SINGLE_MARKS:
            report.out_of_scope += 1
            continue
        if gi is None:
            report.overall.predicted += 1
            report.by_rule[pred.get("rule", "none")].predicted += 1
            report.errors.append({"error": "extra", "article": gold.id, "start": pred["start"], "end": pred["end"],
                                  "quote": text[pred["start"]:pred["end"]][:120], "speaker": pred.get("speaker"),
                                  "rule": pred.get("rule")})
            continue
        g = gold.quotes[gi]
        if g.optional:
            continue
        right = _speaker_right(pred, g)
        for tally in (report.overall, report.by_rule[pred.get("rule", "none")]):
            tally.predicted += 1
            tally.matched += 1
            tally.speaker_right += right
        kind_tally = report.by_kind[g.kind or "unknown"]
        kind_tally.matched += 1
        kind_tally.speaker_right += right
        if not right:
            report.errors.append({"error": "wrong_speaker", "article": gold.id, "start": pred["start"],
                                  "end": pred["end"], "quote": text[pred["start"]:pred["end"]][:120],
                                  "speaker": pred.get("speaker"), "gold_speaker": g.speaker,
                                  "rule": pred.get("rule")})


def evaluate(gold: Iterable[GoldArticle], predictions: dict[str, list[dict]] | None = None) -> Report:
    """Score ``predictions`` ({article_id: [record dicts]}), or quotekit's own extraction
    when none are given."""
    report = Report()
    for article in gold:
        if predictions is None:
            records = [r.to_dict() for r in extract_article(Article(article.id, article.text))]
        else:
            records = predictions.get(article.id, [])
        score_article(article, records, report)
    return report


def load_predictions(path: str | Path) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    row = json.loads(line)
                    grouped[row["article_id"]].append(row)
                except (json.JSONDecodeError, KeyError, TypeError) as error:
                    raise ValueError(f"{path}, line {number}: not a quote record ({error!r})") from None
    return grouped
