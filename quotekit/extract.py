"""One article in, its quote records out: find spans, attribute speakers, build records."""
from __future__ import annotations

from .attribution import Attribution, ArticleContext, attribute_in
from .confidence import rule_confidence
from .kinds import quote_kind
from .quotes import find_quotes
from .readers import Article
from .records import QuoteRecord, quote_id


def extract_article(article: Article) -> list[QuoteRecord]:
    """Every quotation in ``article`` with its speaker, sorted by offset."""
    text = article.text
    quotes = find_quotes(text)
    if not quotes:
        return []
    context = ArticleContext(text, quotes)
    attributions: list[Attribution] = attribute_in(context)
    records = []
    for quote, attribution in zip(quotes, attributions):
        sentence_start, _ = context.sentence_of(quote)
        kind = quote_kind(text, quote, sentence_start, attribution)
        if kind == "scare":
            attribution = Attribution(None, "unknown", None, None, "scare")
        records.append(QuoteRecord(
            id=quote_id(article.id, quote.start, quote.end),
            article_id=article.id,
            quote=text[quote.start:quote.end],
            start=quote.start,
            end=quote.end,
            kind=kind,
            speaker=attribution.speaker,
            speaker_type=attribution.speaker_type if attribution.speaker else "unknown",
            speaker_mention=attribution.mention,
            cue=attribution.cue,
            rule=attribution.rule,
            confidence=rule_confidence(attribution.rule),
        ))
    return records
