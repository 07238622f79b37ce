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
    for quote, attribution, (sentence_start, _) in zip(quotes, attributions, context.quote_sentences):
        kind = quote_kind(text, quote, sentence_start, attribution)
        if kind == "scare":
            attribution = Attribution(None, "unknown", None, None, "scare")
        # By position, in the order of QuoteRecord's fields: a frozen dataclass takes
        # keywords at nearly twice the cost, for every quote.
        records.append(QuoteRecord(
            quote_id(article.id, quote.start, quote.end),  # id
            article.id,  # article_id
            text[quote.start:quote.end],  # quote
            quote.start,
            quote.end,
            kind,
            attribution.speaker,
            attribution.speaker_type if attribution.speaker else "unknown",  # speaker_type
            attribution.mention,  # speaker_mention
            attribution.cue,
            attribution.rule,
            rule_confidence(attribution.rule),  # confidence
        ))
    return records
