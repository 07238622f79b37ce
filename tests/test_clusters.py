"""Quote clusters and speaker consensus: the same quotation across articles."""
from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotekit.cluster_pass import cluster_quotes
from quotekit.clusters import MIN_TOKENS, SHINGLE, contains
from quotekit.consensus import CONSENSUS_RULE, consensus, fill_from_consensus
from quotekit.extract import extract_article
from quotekit.normalize import quote_key, without_insertions
from quotekit.readers import read_articles
from quotekit.splits import SPLIT_NAMES, ClusterLink, plan_splits, split_for

from .conftest import SEEDS


def quote(article: str, text: str, speaker: str | None = None, *, kind: str = "direct", rule: str | None = None,
          confidence: float = 0.9, speaker_type: str = "person", start: int = 0) -> dict:
    """A quote record with what clustering reads."""
    return {"id": f"{article}:{start}-{start + len(text)}", "article_id": article, "quote": text, "kind": kind,
            "speaker": speaker, "speaker_type": speaker_type if speaker else "unknown",
            "rule": rule or ("trailing_speaker_cue" if speaker else "none"), "confidence": confidence}


# --- normalisation --------------------------------------------------------------------

@pytest.mark.parametrize("one, other", [
    ("It’s time to leave NATO and the UN", "it's time to leave nato and the un."),       # marks, case, stop
    ("We   will\nstay", "we will stay"),                                                 # spacing
    ("it’s time [for the US] to leave NATO [North Atlantic Treaty Organization]",        # editorial insertions
     "It's time to leave NATO"),
    ("Zelenskyy’s “peace” plan", "zelenskyy's peace plan"),                               # inner marks
    ("Señor Müller", "senor muller"),                                                    # accents
])
def test_same_key(one, other):
    assert quote_key(one) == quote_key(other)


@pytest.mark.parametrize("text, segments", [
    ("If you need me to give up my post, I’m ready…", [["if", "you", "need", "me", "to", "give", "up", "my",
                                                          "post", "i'm", "ready"]]),
    ("we left . . . and never came back", [["we", "left"], ["and", "never", "came", "back"]]),
    ("we left... and never", [["we", "left"], ["and", "never"]]),
    ("[He] said no", [["said", "no"]]),
    ("—", []),
])
def test_cuts_split_the_key(text, segments):
    assert [list(s) for s in quote_key(text).segments] == segments


@pytest.mark.parametrize("outer, inner, expected", [
    ("it is time to leave NATO and the UN", "time to leave NATO", True),
    ("it is time to leave NATO and the UN", "it is time … and the UN", True),
    ("it is time to leave NATO and the UN", "the UN … time to leave", False),                # order matters
    ("it is time to leave NATO and the UN", "time to leave the UN", False),                  # not contiguous
    ("we left. And … we never came back", "never came back", True),
])
def test_contains(outer, inner, expected):
    assert contains(quote_key(outer), quote_key(inner)) is expected


def test_without_insertions():
    assert without_insertions("it’s time [for the US] to leave NATO [North Atlantic Treaty Organization].") \
        == "it’s time to leave NATO."


# --- clustering rules -----------------------------------------------------------------

def members(assignments: dict[str, str]) -> dict[str, list[str]]:
    """{cluster id: its quote ids, sorted}."""
    grouped: dict[str, list[str]] = {}
    for quote_id, cid in sorted(assignments.items()):
        grouped.setdefault(cid, []).append(quote_id)
    return grouped


def article_clusters(records: list[dict], assignments: dict[str, str]) -> dict[str, set[str]]:
    """{article id: the clusters its quotations are in}."""
    found: dict[str, set[str]] = {}
    for record in records:
        found.setdefault(record["article_id"], set()).add(assignments[record["id"]])
    return found


def clusters_of(records: list[dict]) -> list[list[str]]:
    return sorted(members(cluster_quotes(records)).values())


def test_long_quotation_joins_across_articles_whatever_its_marks():
    records = [quote("a", "It’s time to leave NATO and the UN"), quote("b", "it's time to leave nato and the UN."),
               quote("c", "it’s time [for the US] to leave NATO [North Atlantic Treaty Organization] and the UN")]
    assert clusters_of(records) == [[r["id"] for r in records]]


def test_fragment_joins_the_longer_quotation():
    records = [quote("a", "It would destroy 70-plus years of painstaking work across administrations"),
               quote("b", "70-plus years of painstaking work", kind="partial"),
               quote("c", "It would destroy … painstaking work across administrations")]
    assert clusters_of(records) == [[r["id"] for r in records]]


def test_fragment_of_two_different_quotations_stays_alone():
    records = [quote("a", "we will defend every inch of allied territory from Russia"),
               quote("b", "we will defend every inch of our coastline at any cost"),
               quote("c", "we will defend every inch")]
    assert clusters_of(records) == [[records[0]["id"]], [records[1]["id"]], [records[2]["id"]]]


def test_fragment_shorter_than_the_minimum_does_not_join():
    assert MIN_TOKENS == 5
    records = [quote("a", "NATO is costing us a fortune and we get nothing"), quote("b", "costing us a fortune")]
    assert len(clusters_of(records)) == 2


@pytest.mark.parametrize("records, joined", [
    # Short quotes join across articles only when the speaker matches (by surname or handle).
    ([quote("a", "I agree", "Elon Musk"), quote("b", "I agree.", "Musk")], True),
    ([quote("a", "I agree", "Elon Musk"), quote("b", "I agree.", "Mike Lee")], False),
    ([quote("a", "Yes.", None), quote("b", "Yes.", None)], False),
    ([quote("a", "Yes.", "Elon Musk"), quote("b", "Yes.", None)], False),
    # In one article the same short words are one cluster.
    ([quote("a", "anachronistic", kind="scare"), quote("a", "anachronistic", kind="scare", start=90)], True),
])
def test_short_quotations_need_the_same_speaker(records, joined):
    assert (len(clusters_of(records)) == 1) is joined


def test_cluster_ids_do_not_depend_on_order():
    records = [quote(f"a{i}", text) for i, text in enumerate(
        ["the alliance is a great deal for Europe", "a great deal for Europe", "a raw deal for America today",
         "Get us out of NATO now please", "we will stay", "Get us out of NATO now"])]
    first = cluster_quotes(records)
    shuffled = records[:]
    random.Random(7).shuffle(shuffled)
    assert cluster_quotes(shuffled) == first
    assert len(set(first.values())) == 4


def _pass_results(articles: list[tuple[str, list[dict]]]) -> tuple:
    """Everything a ClusterPass gives after its articles are added in the order given."""
    from quotekit.cluster_pass import ClusterPass

    with ClusterPass() as clusters:
        for article_id, records in articles:
            clusters.add(article_id, f"2025-03-{len(article_id):02d}", records)
        clusters.run()
        return (list(clusters.article_ids()), list(clusters.annotations(by_article_id=True)),
                list(clusters.cluster_rows()), [(link.cluster_id, link.strength, list(link.articles))
                                                for link in clusters.links()])


def test_the_pass_numbers_articles_by_id_whatever_order_they_are_added_in():
    """A build adds articles as its engine returns them; the numbers the split planner
    reads (first articles, links) and the annotations by article id do not change."""
    texts = ["the alliance is a great deal for Europe", "a great deal for Europe", "Get us out of NATO now please",
             "Get us out of NATO now", "I agree"]
    articles = [(article_id, [quote(article_id, text, "Elon Musk", start=start)
                              for start, text in enumerate(texts[n % 3:n % 3 + 3])])
                for n, article_id in enumerate(["b", "a", "d/1", "c", "ab", "a b"])]
    in_id_order = _pass_results(sorted(articles))
    assert in_id_order[0] == ["a", "a b", "ab", "b", "c", "d/1"]
    assert in_id_order[3] and all(len(articles) > 1 for _, _, articles in in_id_order[3])
    for seed in range(3):
        shuffled = articles[:]
        random.Random(seed).shuffle(shuffled)
        assert _pass_results(shuffled) == in_id_order


# --- consensus ------------------------------------------------------------------------

def test_conflict_is_kept_and_the_majority_fills_the_gap():
    records = [quote("a", "leave now", "@Gunther", speaker_type="account", confidence=0.8),
               quote("b", "leave now", "@Gunther", speaker_type="account", confidence=0.9),
               quote("c", "leave now", "Elon Musk"),
               quote("d", "leave now", None, kind="partial", rule="leading_cue_no_speaker", confidence=0.5)]
    agreed = consensus(records, {r["id"]: "qc-1" for r in records})["qc-1"]
    assert [(c.speaker, c.votes, c.share) for c in agreed.candidates] == [("@Gunther", 2, 0.666667),
                                                                          ("Elon Musk", 1, 0.333333)]
    filled = fill_from_consensus(records[3], agreed)
    assert (filled["speaker"], filled["speaker_type"], filled["rule"]) == ("@Gunther", "account", CONSENSUS_RULE)
    assert filled["confidence"] == pytest.approx(0.8 * 2 / 3, abs=1e-6) and filled["confidence"] < 0.8
    assert fill_from_consensus(records[2], agreed) == records[2]  # an attributed occurrence keeps its speaker


def test_tie_names_no_top_speaker_and_fills_nothing():
    records = [quote("a", "x", "Lee"), quote("b", "x", "Musk"), quote("c", "x", None)]
    agreed = consensus(records, {r["id"]: "qc-1" for r in records})["qc-1"]
    assert agreed.top is None and len(agreed.candidates) == 2
    assert fill_from_consensus(records[2], agreed)["speaker"] is None


def test_surname_counts_for_the_fuller_name_and_an_article_votes_once():
    records = [quote("a", "x", "Trump"), quote("a", "x", "Trump", start=50), quote("b", "x", "Donald Trump"),
               quote("c", "x", "Lee")]
    agreed = consensus(records, {r["id"]: "qc-1" for r in records})["qc-1"]
    assert [(c.speaker, c.votes) for c in agreed.candidates] == [("Donald Trump", 2), ("Lee", 1)]


def test_scare_quotes_are_not_filled():
    records = [quote("a", "obsolete", "Donald Trump"), quote("b", "obsolete", None, kind="scare")]
    agreed = consensus(records, {r["id"]: "qc-1" for r in records})["qc-1"]
    assert fill_from_consensus(records[1], agreed)["speaker"] is None


# --- the seeds ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_records() -> list[dict]:
    return [r.to_dict() for a in read_articles(SEEDS) for r in extract_article(a)]


def test_seeds_leave_nato_is_one_cluster_with_its_speaker(seed_records):
    assignments = cluster_quotes(seed_records)
    nato = [r for r in seed_records if "leave nato and the un" in quote_key(r["quote"]).text]
    assert len({r["article_id"] for r in nato}) == 4
    assert len({assignments[r["id"]] for r in nato}) == 1
    cid = assignments[nato[0]["id"]]
    assert sorted(r["id"] for r in seed_records if assignments[r["id"]] == cid) == sorted(r["id"] for r in nato)
    agreed = consensus(seed_records, assignments)[cid]
    assert agreed.top.speaker == "@GuntherEagleman" and agreed.top.votes == 2
    assert [c.speaker for c in agreed.candidates] == ["@GuntherEagleman", "Elon Musk"]  # the conflict stays
    unnamed = [r for r in nato if r["speaker"] is None]
    assert [r["article_id"] for r in unnamed] == ["001_978b31233d52987e"]
    filled = fill_from_consensus(unnamed[0], agreed)
    assert filled["speaker"] == "@GuntherEagleman" and filled["rule"] == CONSENSUS_RULE
    assert filled["confidence"] < min(r["confidence"] for r in nato if r["speaker"])


def test_seeds_i_agree_is_one_cluster_for_musk(seed_records):
    assignments = cluster_quotes(seed_records)
    agree = [r for r in seed_records if quote_key(r["quote"]).text == "i agree"]
    assert len(agree) == 2 and {r["speaker"] for r in agree} == {"Elon Musk"}
    assert len({assignments[r["id"]] for r in agree}) == 1


# --- leak-free splits -----------------------------------------------------------------

def split_by_clusters(ids, clusters_of: dict[str, set[str]]) -> dict[str, str]:
    """The build's split plan (default limit) for clusters given per article."""
    articles_of: dict[str, list[str]] = {}
    for article, clusters in clusters_of.items():
        for cluster in clusters:
            articles_of.setdefault(cluster, []).append(article)
    return plan_splits(ids, [ClusterLink(c, 0, articles) for c, articles in articles_of.items()]).assignment


def test_articles_sharing_a_cluster_share_a_split():
    ids = [f"art{i:03d}" for i in range(200)]
    # Chains of four articles quoting each other, and single articles.
    links = {a: {f"chain{i // 4}"} for i, a in enumerate(ids[:120])}
    assignment = split_by_clusters(ids, links)
    for i in range(0, 120, 4):
        assert len({assignment[a] for a in ids[i:i + 4]}) == 1
    for a in ids[120:]:
        assert assignment[a] == split_for(a)  # a single article keeps its own split
    assert split_by_clusters(list(reversed(ids)), links) == assignment
    assert set(assignment.values()) == set(SPLIT_NAMES)


def test_groups_follow_transitive_links():
    ids = [f"art{i:03d}" for i in range(30)]
    links = {ids[2]: {"q1"}, ids[0]: {"q2"}, ids[1]: {"q1", "q2"}, ids[3]: {"q3"}}
    assignment = split_by_clusters(ids, links)
    assert len({assignment[a] for a in ids[:3]}) == 1
    assert all(assignment[a] == split_for(a) for a in ids[3:])


def test_tiny_corpus_moves_whole_components_into_empty_splits():
    links = {"a": {"q"}, "b": {"q"}, "c": set(), "d": set()}
    assignment = split_by_clusters("abcd", links)
    assert assignment["a"] == assignment["b"]
    assert len(set(assignment.values())) == 3


def test_no_seed_cluster_spans_two_splits(seed_records):
    assignments = cluster_quotes(seed_records)
    ids = sorted({r["article_id"] for r in seed_records})
    split = split_by_clusters(ids, article_clusters(seed_records, assignments))
    for quote_ids in members(assignments).values():
        assert len({split[quote_id.split(":")[0]] for quote_id in quote_ids}) == 1
    nato_articles = ["001_978b31233d52987e", "002_72598765d6d80d76", "003_bebdf6c75bba4755", "004_4a79529b7dcd58db"]
    assert len({split[a] for a in nato_articles}) == 1


def test_namesakes_saying_the_same_short_words_are_not_one_cluster():
    records = [quote("a1", "Thank you.", "Donald Trump"), quote("a2", "Thank you.", "Melania Trump"),
               quote("a3", "Thank you.", "Trump"), quote("a4", "Thank you.", "Donald J. Trump")]
    assignments = cluster_quotes(records)
    donald, melania, bare, donald_j = (assignments[r["id"]] for r in records)
    assert donald == donald_j
    assert len({donald, melania, bare}) == 3


def test_one_person_by_full_name_and_by_surname_is_one_cluster():
    records = [quote("a1", "Thank you.", "Donald Trump"), quote("a2", "thank you", "Trump")]
    assert len(set(cluster_quotes(records).values())) == 1


def test_cluster_record_to_dict_is_the_dataclass_field_for_field(seed_records):
    from dataclasses import asdict

    from quotekit.cluster_pass import cluster_corpus
    from quotekit.schema import SCHEMA_VERSIONS

    rows = cluster_corpus(seed_records, {}).clusters
    assert any(row.candidates for row in rows)
    for row in rows:
        assert row.to_dict() == {"schema_version": SCHEMA_VERSIONS["cluster"], **asdict(row)}


def _index_sizes(monkeypatch, flush_keys: int, sketch_bits: int, mark_bits: int, chunk_keys: int = 5000) -> None:
    monkeypatch.setattr("quotekit.cluster_pass.FLUSH_KEYS", flush_keys)
    monkeypatch.setattr("quotekit.cluster_pass.CHUNK_KEYS", chunk_keys)
    monkeypatch.setattr("quotekit.cluster_pass.SKETCH_BITS", sketch_bits)
    monkeypatch.setattr("quotekit.cluster_pass.SKETCH_MASK", (1 << sketch_bits) - 1)
    monkeypatch.setattr("quotekit.cluster_pass.MARK_BITS", mark_bits)
    monkeypatch.setattr("quotekit.cluster_pass.MARK_MASK", (1 << mark_bits) - 1)


@pytest.mark.parametrize("flush_keys, sketch_bits, mark_bits, chunk_keys",
                         [(1, 1, 3, 1), (2, 3, 4, 2), (1, 22, 3, 3), (1000, 22, 27, 5000)])
def test_fragments_are_found_whatever_the_index_sizes(monkeypatch, flush_keys, sketch_bits, mark_bits, chunk_keys):
    """Keys reach the on-disk index every ``FLUSH_KEYS`` and are read ``CHUNK_KEYS`` at a
    time; the rarity counters may all collide, and so may the marks of shingles held twice
    or asked for. None of it changes a cluster."""
    _index_sizes(monkeypatch, flush_keys, sketch_bits, mark_bits, chunk_keys)
    words = [f"word{i}" for i in range(40)]
    block = quote("a1", " ".join(words), "Mike Lee")
    inside = quote("a2", " ".join(words[10:20]))
    cut = quote("a3", " ".join(words[:6]) + " … " + " ".join(words[30:36]))
    inner = quote("a4", " ".join(words[31:36]))  # inside the cut quotation, and so inside the block
    outside = quote("a5", " ".join(reversed(words[10:20])))  # the same words, not in that order
    twice = quote("a6", "the same words in two places")
    common = [quote(f"b{i}", f"the same words in two places and {tail}") for i, tail in enumerate(("more", "again"))]
    assignments = cluster_quotes([block, inside, cut, inner, outside, twice, *common])
    assert assignments[inside["id"]] == assignments[cut["id"]] == assignments[inner["id"]] == assignments[block["id"]]
    assert assignments[outside["id"]] != assignments[block["id"]]
    assert len({assignments[r["id"]] for r in (twice, *common)}) == 3  # inside two clusters: ambiguous, alone


FRAGMENT_WORDS = st.lists(st.sampled_from("a b c d e f".split()), min_size=5, max_size=12)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(FRAGMENT_WORDS, st.booleans()), min_size=1, max_size=12))
def test_the_shingle_index_finds_what_a_full_index_finds(quotes):
    """With every table of the shingle index one byte (all marks shared, so every key is
    indexed by every shingle and looked up) and keys read two at a time, fragments join
    the same clusters as with the tables at their size, where most keys are neither
    indexed nor looked up."""
    from _pytest.monkeypatch import MonkeyPatch

    records = [quote(f"a{i}", " ".join(words[:3]) + " … " + " ".join(words[3:]) if cut else " ".join(words))
               for i, (words, cut) in enumerate(quotes)]
    expected = cluster_quotes(records)
    with MonkeyPatch.context() as monkeypatch:
        _index_sizes(monkeypatch, 1, 1, 3, 2)
        assert cluster_quotes(records) == expected


def _rule3_by_definition(texts: list[str]) -> dict[str, str]:
    """{key text: root text} for the long quotations ``texts``, straight from rule 3:
    longest key first, a key joins the root of the earlier keys that hold it when they
    all have one root, else it is its own root. Every earlier key is asked, but a key
    with no stretch of ``SHINGLE`` words is never found inside another (see clusters.py)."""
    keys = {key.text: key for key in map(quote_key, texts) if key.tokens >= MIN_TOKENS}
    ranked = sorted(keys.values(), key=lambda key: (-key.tokens, len(key.segments), key.text))
    roots: dict[str, str] = {}
    for number, key in enumerate(ranked):
        findable = any(len(segment) >= SHINGLE for segment in key.segments)
        found = {roots[earlier.text] for earlier in ranked[:number] if findable and contains(earlier, key)}
        roots[key.text] = found.pop() if len(found) == 1 else key.text
    return roots


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(FRAGMENT_WORDS, st.booleans()), min_size=1, max_size=14))
def test_fragments_join_the_clusters_rule_3_gives(quotes):
    """The pass indexes only keys no earlier key holds and stops at a second root; the
    clusters are those of rule 3 asking every earlier key, chains and ambiguous keys
    included."""
    from quotekit.clusters import cluster_id

    texts = [" ".join(words[:3]) + " … " + " ".join(words[3:]) if cut else " ".join(words) for words, cut in quotes]
    records = [quote(f"a{i}", text) for i, text in enumerate(texts)]
    roots = _rule3_by_definition(texts)
    assignments = cluster_quotes(records)
    for record in records:
        key = quote_key(record["quote"])
        if key.tokens >= MIN_TOKENS:
            assert assignments[record["id"]] == cluster_id("words", roots[key.text])


def test_a_key_inside_an_ambiguous_key_stays_alone():
    """An ambiguous key (inside two clusters) is its own root, and one inside it is
    inside both clusters too: alone, though the ambiguous key is the only root-free key
    holding it."""
    one = quote("a", "we will defend every inch of allied territory from Russia")
    other = quote("b", "at any cost we will defend every inch of allied territory")
    ambiguous = quote("c", "we will defend every inch of allied territory")
    inner = quote("d", "defend every inch of allied")
    assignments = cluster_quotes([one, other, ambiguous, inner])
    assert len({assignments[r["id"]] for r in (one, other, ambiguous, inner)}) == 4


@given(st.text(alphabet="ab .…[]\u00a0\n", max_size=30))
def test_the_quick_tests_of_insertions_and_cuts_agree_with_the_patterns(quote):
    from quotekit.normalize import EDITORIAL_INSERT, ELLIPSIS, is_faithful

    assert is_faithful(quote) == (not EDITORIAL_INSERT.search(quote) and not ELLIPSIS.search(quote))
    assert without_insertions(quote) == " ".join(EDITORIAL_INSERT.sub("", quote).split())
