"""The cluster pass at a corpus's scale: the rules of ``clusters.py`` and ``consensus.py``
applied to every quote of a corpus, with the quotes in an SQLite file on disk.

Memory holds SQLite's page cache (``CACHE_KIB``), a table of shingle counters
(``SKETCH_BITS``) and three of marks (``MARK_BITS``), the shingle hashes of ``CHUNK_KEYS``
keys, one cluster's occurrences at a time and a few thousand rows waiting to be inserted,
whatever the size of the corpus. The steps (``run``), each a scan or a sort that SQLite
spills to disk:

1. groups: each quote is stored with its group (``clusters.group_of``; a long quotation
   with its key, which is its group); short quotations by namesakes are then parted
   (``clusters.namesake_group``).
2. fragments: the distinct long keys, longest first, each looked up in an index of the
   word shingles of the roots before it, the keys no earlier key holds (rule 3; see
   ``_roots_holding``). Two scans of the keys come first (see ``_ShingleIndex``): a key
   with a shingle no other key holds lies in no other key, so it is not looked up, and a
   root is indexed only by the shingles other keys ask for.
   A key's shingle hashes are made once, when its quote is added, and stored with it.
3. consensus: the quotes in cluster order, one cluster at a time and one quote at a time
   (``cluster_rows.Occurrences``), give the speaker fills, the cluster rows (spooled in id
   order) and the links the split planner reads. A cluster's row lists every occurrence,
   so the largest cluster sets this step's memory (about 200 bytes an occurrence).

Articles may be added in any order (a build adds them as the extraction engine returns
them); ``run`` numbers them in id order, the numbers the split planner works on.
"""
from __future__ import annotations

import itertools
import pickle
import sqlite3
import tempfile
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping

import numpy as np

from .cluster_rows import ARTICLES_AT, CANONICAL_AT, ClusterRecord, Occurrences, canonical_strength, cluster_row
from .clusters import GROUP_SEPARATOR, cluster_id, contains, given_name, group_of, namesake_group, shingles
from .consensus import fill_fields, fillable
from .id_index import connect_scratch
from .normalize import QuoteKey, quote_key
from .progress import NO_BARS, UPDATE_EVERY, Bars, counted
from .splits import NumberedLink

if TYPE_CHECKING:
    from tqdm import tqdm

CACHE_KIB = 32 * 1024  # SQLite's page cache, and its sorter's memory before it spills
INSERT_ROWS = 1_000  # quote rows buffered before an insert
SPOOL_ROWS = 1_000  # cluster rows pickled at once (one pickle a row costs more than the row)
SPOOL_OCCURRENCES = 100_000  # or fewer, when they list this many occurrences
FLUSH_KEYS = 20_000  # roots held in memory (a few MB) before they go to the shingle index on disk, sorted:
# many at once land on neighbouring pages of its B-tree, where one at a time each missed the cache
SKETCH_BITS = 22  # 4 Mi counters (16 MiB) that tell how many keys hold a shingle, roughly
SKETCH_MASK = (1 << SKETCH_BITS) - 1
MARK_BITS = 27  # 128 Mi bits (16 MiB) in each of the tables of marks of the shingle index
MARK_MASK = (1 << MARK_BITS) - 1
CHUNK_KEYS = 5_000  # long keys whose shingle hashes the index reads and tests at once (a few MB)
LONG_GROUP = "words" + GROUP_SEPARATOR  # how the group of a long quotation begins (clusters.group_of)
SHORT_GROUP = "short" + GROUP_SEPARATOR
STRETCH_SEPARATOR = " … "  # between the stretches of a key's text (normalize.QuoteKey.text)

SCHEMA = """
CREATE TABLE article (art INTEGER PRIMARY KEY, id TEXT NOT NULL, published TEXT);
CREATE TABLE numbered (art INTEGER PRIMARY KEY, num INTEGER NOT NULL);
CREATE TABLE quote (seq INTEGER PRIMARY KEY, qid TEXT NOT NULL, art INTEGER NOT NULL, grp TEXT,
                    words TEXT, tokens INTEGER NOT NULL, given TEXT, quote TEXT NOT NULL, kind TEXT, speaker TEXT,
                    speaker_type TEXT, rule TEXT, confidence REAL, cid TEXT);
CREATE TABLE long_key (text TEXT PRIMARY KEY, tokens INTEGER NOT NULL, segments INTEGER NOT NULL,
                       hashes BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE shingle (hash INTEGER NOT NULL, ord INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (hash, ord))
    WITHOUT ROWID;
CREATE TABLE key_cluster (text TEXT PRIMARY KEY, cid TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE fill (seq INTEGER PRIMARY KEY, speaker TEXT, speaker_type TEXT, rule TEXT, confidence REAL);
CREATE TABLE link (cid TEXT PRIMARY KEY, strength INTEGER NOT NULL, arts BLOB NOT NULL) WITHOUT ROWID;
"""
# What a quote's occurrence carries into consensus and its cluster row.
OCCURRENCE = ("id", "article_id", "quote", "kind", "speaker", "speaker_type", "rule", "confidence")


@dataclass(frozen=True, slots=True)
class Annotation:
    """What the pass adds to one quote record: its cluster, and the speaker fields taken
    from the cluster's consensus when no rule named one."""

    quote_id: str
    cluster_id: str
    fill: dict | None

    def apply(self, record: Mapping) -> dict:
        return {**record, **(self.fill or {}), "quote_cluster_id": self.cluster_id}


class ClusterPass:
    """Add articles with their quote records, ``run``, then read the annotations (in the
    order the quotes were added, or by article id), the cluster rows (by id) and the
    links. Article ids must be unique."""

    def __init__(self, folder: Path | None = None):
        self._folder = Path(tempfile.mkdtemp(prefix="clusters.", dir=folder))
        self._db = connect_scratch(self._folder / "clusters.sqlite", "locking_mode = EXCLUSIVE",
                                   f"cache_size = -{CACHE_KIB}", "temp_store = FILE")
        self._db.executescript(SCHEMA)
        self._db.execute("BEGIN")
        self._articles = 0
        self._quote_count = 0
        self.cluster_count = 0  # known once ``run`` is done
        self._quotes: list[tuple] = []
        self._long: list[tuple] = []
        self._articles_added: list[tuple] = []
        self._rows = self._folder / "clusters.pickle"

    def add(self, article_id: str, published: str | None, quotes: Iterable[Mapping]) -> None:
        """An article and its quote records (dicts with at least ``OCCURRENCE``)."""
        art = self._articles
        self._articles += 1
        self._articles_added.append((art, article_id, published))
        quotes_before = len(self._quotes)
        for record in quotes:
            group, words, tokens, given, stretches, hashes = _quote_fields(record)
            self._quotes.append((record["id"], art, group, words, tokens, given, record["quote"], record["kind"],
                                 record["speaker"], record["speaker_type"], record["rule"], record["confidence"]))
            if words is not None:
                self._long.append((words, tokens, stretches, hashes))
        self._quote_count += len(self._quotes) - quotes_before
        if len(self._quotes) >= INSERT_ROWS or len(self._articles_added) >= INSERT_ROWS:
            self._flush()

    def _flush(self) -> None:
        self._db.executemany("INSERT INTO quote (qid, art, grp, words, tokens, given, quote, kind, speaker, "
                             "speaker_type, rule, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self._quotes)
        self._db.executemany("INSERT OR IGNORE INTO long_key VALUES (?, ?, ?, ?)", self._long)
        self._db.executemany("INSERT INTO article VALUES (?, ?, ?)", self._articles_added)
        self._quotes, self._long, self._articles_added = [], [], []

    def run(self, bars: Bars = NO_BARS) -> None:
        """The steps of the module's docstring, each with its progress bar."""
        self._flush()
        with bars("clustering: numbering articles", " articles", self._articles) as bar:
            self._number_articles(bar)
        with bars.step("clustering: namesakes"):
            self._part_namesakes()
        self._join_fragments(bars)
        with bars.step("clustering: cluster ids"):
            self._db.create_function("group_cluster_id", 1, cluster_id, deterministic=True)
            self._db.execute("UPDATE quote SET cid = group_cluster_id(grp) WHERE words IS NULL")
            self._db.execute("UPDATE quote SET cid = (SELECT cid FROM key_cluster WHERE key_cluster.text = "
                             "quote.words) WHERE words IS NOT NULL")
        with bars("clustering: consensus", " quotes", self._quote_count) as bar:
            self._agree(bar)
        self._db.execute("COMMIT")

    def _number_articles(self, bar: tqdm) -> None:
        """Each article's number: its place in id order. SQLite's order of text is that of
        Python's str, code point by code point, as UTF-8 keeps it."""
        in_id_order = self._db.execute("SELECT art FROM article ORDER BY id")
        self._db.executemany("INSERT INTO numbered VALUES (?, ?)", counted(
            ((art, number) for number, (art,) in enumerate(in_id_order)), bar))

    def _part_namesakes(self) -> None:
        self._db.create_function("namesake_group", 2, namesake_group, deterministic=True)
        self._db.execute("""UPDATE quote SET grp = namesake_group(grp, given)
                            WHERE given IS NOT NULL AND grp IN (SELECT grp FROM quote WHERE given IS NOT NULL
                                                                GROUP BY grp HAVING COUNT(DISTINCT given) > 1)""")

    def _join_fragments(self, bars: Bars) -> None:
        """Rule 3, longest key first: a key held, stretch by stretch, by keys of exactly one
        cluster joins it."""
        index = _ShingleIndex(self._db)
        distinct_keys = 0
        with bars("clustering: counting shingles", " keys") as bar:
            for _, keys in _key_chunks(self._db.execute("SELECT hashes FROM long_key")):
                index.count(keys)  # first, how many keys hold each shingle
                distinct_keys += len(keys.lengths)
                bar.update(len(keys.lengths))
        with bars("clustering: choosing shingles", " keys", distinct_keys) as bar:
            for _, keys in _key_chunks(self._db.execute("SELECT hashes FROM long_key")):
                index.ask(keys)  # then, which shingle each key will ask for
                bar.update(len(keys.lengths))
        with bars("clustering: fragments", " keys", distinct_keys) as bar:
            self._rank_keys(index, bar)

    def _rank_keys(self, index: _ShingleIndex, bar: tqdm) -> None:
        """Each key, longest first, to the root that holds it or to itself (a new root)."""
        clusters: list[tuple[str, str]] = []
        ranked = self._db.execute("SELECT hashes, text FROM long_key ORDER BY tokens DESC, segments, text")
        order = 0
        for rows, keys in _key_chunks(ranked):
            for (_, text), wanted, marked in zip(rows, index.wanted(keys), index.marked(keys)):
                found = _roots_holding(text, index.holders(wanted, text))
                if not found:
                    index.add(order, text, marked)
                root = found.pop() if len(found) == 1 else text
                clusters.append((text, cluster_id("words", root)))
                order += 1
                if len(clusters) >= FLUSH_KEYS:
                    self._db.executemany("INSERT INTO key_cluster VALUES (?, ?)", clusters)
                    clusters = []
            bar.update(len(rows))
        index.flush()
        self._db.executemany("INSERT INTO key_cluster VALUES (?, ?)", clusters)

    def _agree(self, bar: tqdm) -> None:
        """Consensus, one cluster at a time: fills, cluster rows and links; ``bar`` counts
        the quotes."""
        rows = self._db.execute("""
            SELECT quote.cid, quote.seq, numbered.num, article.published, quote.tokens, quote.qid, article.id,
                   quote.quote, quote.kind, quote.speaker, quote.speaker_type, quote.rule, quote.confidence
            FROM quote JOIN article USING (art) JOIN numbered USING (art) ORDER BY quote.cid, quote.qid""")
        writer = self._db.cursor()
        fills: list[tuple] = []
        spooled: list[tuple] = []  # (number of its first article, ClusterRecord.values) of the clusters not yet on disk
        occurrences = 0
        unshown = 0  # quotes not yet shown on the bar
        with open(self._rows, "wb") as spool:
            for cid, rows in itertools.groupby(rows, key=lambda row: row[0]):
                self.cluster_count += 1
                gathered = Occurrences()
                fillable_rows = []  # rows that take the cluster's speaker, if it has one
                for row in rows:
                    occurrence = dict(zip(OCCURRENCE, row[5:]))
                    gathered.add(occurrence, row[2], row[3], row[4])
                    if fillable(occurrence):
                        fillable_rows.append(row[1])
                agreed = gathered.tally.consensus()
                fill = fill_fields(agreed)
                if fill and fillable_rows:
                    fills.extend((seq, fill["speaker"], fill["speaker_type"], fill["rule"], fill["confidence"])
                                 for seq in fillable_rows)
                    if len(fills) >= INSERT_ROWS:
                        writer.executemany("INSERT INTO fill VALUES (?, ?, ?, ?, ?)", fills)
                        fills = []
                values = gathered.values(cid, agreed)
                spooled.append((gathered.first_article(), values))
                occurrences += len(gathered.quote_ids)
                unshown += len(gathered.quote_ids)
                if unshown >= UPDATE_EVERY:
                    bar.update(unshown)
                    unshown = 0
                if len(spooled) >= SPOOL_ROWS or occurrences >= SPOOL_OCCURRENCES:
                    pickle.dump(spooled, spool, protocol=pickle.HIGHEST_PROTOCOL)
                    spooled, occurrences = [], 0
                if values[ARTICLES_AT] > 1:
                    articles = array("i", sorted(gathered.article_keys()))
                    writer.execute("INSERT INTO link VALUES (?, ?, ?)",
                                   (cid, canonical_strength(values[CANONICAL_AT]), articles.tobytes()))
            pickle.dump(spooled, spool, protocol=pickle.HIGHEST_PROTOCOL)
        writer.executemany("INSERT INTO fill VALUES (?, ?, ?, ?, ?)", fills)
        bar.update(unshown)

    def article_ids(self) -> Iterator[str]:
        """The ids of the articles, by number (in id order)."""
        for (article_id,) in self._db.execute("SELECT id FROM article ORDER BY id"):
            yield article_id

    def annotations(self, by_article_id: bool = False) -> Iterator[Annotation]:
        """One per quote, in the order the quotes were added, or article by article in id
        order (each article's quotes in the order they were added)."""
        join, order = ("JOIN numbered USING (art)", "numbered.num, quote.seq") if by_article_id else ("", "quote.seq")
        for qid, cid, speaker, speaker_type, rule, confidence in self._db.execute(f"""
                SELECT quote.qid, quote.cid, fill.speaker, fill.speaker_type, fill.rule, fill.confidence
                FROM quote {join} LEFT JOIN fill USING (seq) ORDER BY {order}"""):
            fill = None if rule is None else {"speaker": speaker, "speaker_type": speaker_type, "rule": rule,
                                              "confidence": confidence}
            yield Annotation(qid, cid, fill)

    def clusters(self) -> Iterator[tuple[int, ClusterRecord]]:
        """(number of its first article, cluster record) for every cluster, by id."""
        for first_article, values in self._spooled():
            yield first_article, ClusterRecord.from_values(values)

    def cluster_rows(self) -> Iterator[tuple[int, dict]]:
        """``clusters`` as rows of the clusters config (``ClusterRecord.to_dict``)."""
        for first_article, values in self._spooled():
            yield first_article, cluster_row(values)

    def _spooled(self) -> Iterator[tuple[int, tuple]]:
        with open(self._rows, "rb") as spool:
            while True:
                try:
                    yield from pickle.load(spool)
                except EOFError:
                    return

    def links(self) -> Iterator[NumberedLink]:
        """The clusters that join articles, strongest first (ties by id)."""
        for cid, strength, articles in self._db.execute(
                "SELECT cid, strength, arts FROM link ORDER BY strength DESC, cid"):
            yield NumberedLink(cid, strength, array("i", articles))

    def close(self) -> None:
        self._db.close()
        for path in self._folder.iterdir():
            path.unlink()
        self._folder.rmdir()

    def __enter__(self) -> "ClusterPass":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _quote_fields(record: Mapping) -> tuple:
    """What the pass stores of a quote besides its record, for rules 1 and 2 and the
    shingles of rule 3: (its group, or None for a long quotation, whose key is its group;
    a long quotation's key text, else None; the words of the key; the given name of the
    speaker of a short quotation, for namesakes, else None; the key's stretches; a long
    quotation's ``_shingle_hashes``, else None)."""
    key = quote_key(record["quote"])
    group = group_of(record, key)
    if group.startswith(LONG_GROUP):
        return None, key.text, key.tokens, None, len(key.segments), _shingle_hashes(key).tobytes()
    speaker = record["speaker"]
    given = given_name(speaker) if speaker and group.startswith(SHORT_GROUP) else None
    return group, None, key.tokens, given, len(key.segments), None


def _roots_holding(text: str, candidates: Iterable[str]) -> set[str]:
    """The roots among ``candidates`` that hold the key ``text``, as far as rule 3 needs
    them: none, one, or any two (two or more leave the key alone).

    Only roots are indexed: keys that no earlier key holds (each is its own cluster's
    root). That gives every key the root it would get from all earlier keys, since
    holding is transitive. A key that joined a root is held by that root, so whatever it
    holds, the root holds too. A key that two roots' keys hold (ambiguous, its own root)
    is held by two roots, which then hold whatever it holds, so that stays ambiguous. So
    the fragments of a quotation quoted again and again in other cuts are not indexed."""
    found: set[str] = set()
    for held in candidates:
        if _holds(held, text):
            found.add(held)
            if len(found) > 1:
                break
    return found


def _probe(text: str) -> str:
    """What every key that holds the key ``text`` has between spaces (see ``_holds``): its
    longest stretch, with a space either side."""
    return f" {max(text.split(STRETCH_SEPARATOR), key=len)} "


def _holds(held: str, text: str) -> bool:
    """``contains(QuoteKey.parse(held), QuoteKey.parse(text))``. A stretch of the key
    ``text`` held by a key is a run of its words within one of its stretches, so it is
    found, between spaces, in the key's text between spaces (no word holds a space or the
    "…" between stretches); so a stretch not found rules the key out, and a key of one
    stretch is held just when it is found. Most candidates are settled without parsing
    either key."""
    padded = f" {held} "
    stretches = text.split(STRETCH_SEPARATOR)
    if not all(f" {stretch} " in padded for stretch in stretches):
        return False
    return len(stretches) == 1 or contains(QuoteKey.parse(held), QuoteKey.parse(text))


def _shingle_hashes(key: QuoteKey) -> array:
    """The hashes of a key's shingles, each once, in a fixed order. Python's ``hash``:
    the same within this process, which is all the index needs (see ``_ShingleIndex``)."""
    return array("q", sorted({hash(s) for s in shingles(key)}))


@dataclass(frozen=True)
class _Keys:
    """The shingle hashes of a run of keys, end to end, and how many each key has."""

    hashes: np.ndarray  # int64
    lengths: np.ndarray  # int64, one a key

    @property
    def owner(self) -> np.ndarray:
        """The key of each hash (its place in the run)."""
        return np.repeat(np.arange(len(self.lengths)), self.lengths)


def _key_chunks(rows: Iterable[tuple]) -> Iterator[tuple[list[tuple], _Keys]]:
    """Rows whose first column is a key's ``_shingle_hashes`` bytes, CHUNK_KEYS at a time,
    with their hashes."""
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, CHUNK_KEYS)):
        blobs = [row[0] for row in chunk]
        lengths = np.fromiter((len(blob) // 8 for blob in blobs), dtype=np.int64, count=len(blobs))
        yield chunk, _Keys(np.frombuffer(b"".join(blobs), dtype=np.int64), lengths)


def _slots(hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The byte and the bit of each hash in a table of marks."""
    slots = hashes & MARK_MASK
    return slots >> 3, np.left_shift(1, slots & 7).astype(np.uint8)


def _marked(table: np.ndarray, hashes: np.ndarray) -> np.ndarray:
    byte, bit = _slots(hashes)
    return (table[byte] & bit) != 0


def _mark(table: np.ndarray, hashes: np.ndarray) -> None:
    byte, bit = _slots(hashes)
    np.bitwise_or.at(table, byte, bit)


class _ShingleIndex:
    """The roots among the long keys ranked so far (see ``_roots_holding``), by the hash
    of shingles of theirs: on disk, but for the newest ``FLUSH_KEYS`` (an insert per key
    would cost more than the lookups).

    Every key that holds a key holds each of its shingles, so the keys of any one shingle
    are enough to find them all. Two steps come first, so that little is indexed and little
    asked:
    1. ``count``, a scan of the distinct keys: how many keys hold each shingle, in a fixed
       table of counters indexed by hash (a count-min sketch of one row: a count can be too
       high, when hashes share a counter, but never too low), and, in a larger table of
       bits, whether a second key holds it. A key with a shingle that no other key holds
       lies in no other key, and asks for nothing: most quotations are quoted once.
    2. ``ask``, a scan of the distinct keys: every other key picks the rarest of its
       shingles, the one it will ask for, and marks it in a table of bits (a mark may be
       shared by hashes, never missing).
    Then, longest key first, each key is looked up by the shingle it asks for, and indexed
    by those of its shingles that are marked: every key that holds a key holds the
    shingle that key asks for, so it is found. A hash collision only adds keys that
    ``contains`` then refuses.

    The scans and the tests of hashes work on CHUNK_KEYS keys at once, with numpy; a key
    picks the first of its rarest shingles, in the order of its hashes."""

    def __init__(self, db: sqlite3.Connection):
        self._db = db
        self._counts = np.zeros(1 << SKETCH_BITS, dtype=np.uint32)
        self._seen = np.zeros(1 << (MARK_BITS - 3), dtype=np.uint8)  # a shingle held by a key
        self._again = np.zeros_like(self._seen)  # held twice
        self._asked = np.zeros_like(self._seen)  # the one some key asks for
        self._orders: dict[int, list[int]] = {}  # hash -> orders of the keys not yet on disk
        self._keys: dict[int, str] = {}  # order -> key text, not yet on disk

    def count(self, keys: _Keys) -> None:
        np.add.at(self._counts, keys.hashes & SKETCH_MASK, 1)
        slots, times = np.unique(keys.hashes & MARK_MASK, return_counts=True)
        again = (times > 1) | _marked(self._seen, slots)
        _mark(self._again, slots[again])
        _mark(self._seen, slots)

    def wanted(self, keys: _Keys) -> list[int | None]:
        """The shingle each key asks for, or None when it lies in no other key (a shingle
        of its is held once, or it has none)."""
        hashes, lengths = keys.hashes, keys.lengths
        wanted: list[int | None] = [None] * len(lengths)
        some = lengths > 0
        if not some.any():
            return wanted
        starts = (np.cumsum(lengths) - lengths)[some]  # where each key with hashes starts
        held_once = np.logical_or.reduceat(~_marked(self._again, hashes), starts)
        counts = self._counts[hashes & SKETCH_MASK]
        rarest = np.repeat(np.minimum.reduceat(counts, starts), lengths[some])
        first = np.minimum.reduceat(np.where(counts == rarest, np.arange(len(hashes)), len(hashes)), starts)
        for key, alone, value in zip(np.flatnonzero(some).tolist(), held_once.tolist(), hashes[first].tolist()):
            if not alone:
                wanted[key] = value
        return wanted

    def ask(self, keys: _Keys) -> None:
        asked = [value for value in self.wanted(keys) if value is not None]
        _mark(self._asked, np.array(asked, dtype=np.int64))

    def marked(self, keys: _Keys) -> list[list[int]]:
        """Each key's hashes that some key asks for (all asks are in)."""
        marked = _marked(self._asked, keys.hashes)
        values = keys.hashes[marked].tolist()
        ends = np.cumsum(np.bincount(keys.owner[marked], minlength=len(keys.lengths))).tolist()
        return [values[start:end] for start, end in zip([0, *ends], ends)]

    def add(self, order: int, text: str, marked: list[int]) -> None:
        """The root ``text``, ranked ``order``, by its ``marked`` hashes."""
        if not marked:
            return
        self._keys[order] = text
        for value in marked:
            self._orders.setdefault(value, []).append(order)
        if len(self._keys) >= FLUSH_KEYS:
            self.flush()

    def flush(self) -> None:
        db = self._db
        held = sorted(self._orders.items())  # in index order, B-tree inserts touch fewer pages
        keys = self._keys
        db.executemany("INSERT INTO shingle VALUES (?, ?, ?)",
                       ((value, o, keys[o]) for value, orders in held for o in orders))
        self._orders, self._keys = {}, {}

    def holders(self, wanted: int | None, text: str) -> Iterator[str]:
        """The texts of the keys indexed so far that have the shingle ``wanted`` (the one
        the key ``text`` asks for) and, between spaces, its ``_probe``. The probe is tested
        by SQLite: a common shingle's keys are many, and few of them hold it."""
        if wanted is None:
            return
        probe = _probe(text)
        for (held,) in self._db.execute("SELECT text FROM shingle WHERE hash = ? AND instr(' ' || text || ' ', ?)",
                                        (wanted, probe)):
            yield held
        for order in self._orders.get(wanted, ()):
            held = self._keys[order]
            if probe in f" {held} ":
                yield held


@dataclass(frozen=True)
class Clustered:
    """A corpus held in memory, clustered: for tests, benchmarks and small corpora."""

    annotations: dict[str, Annotation]  # by quote id
    clusters: list[ClusterRecord]  # by id

    def apply(self, record: Mapping) -> dict:
        return self.annotations[record["id"]].apply(record)

    @property
    def filled(self) -> int:
        """How many quotes took their speaker from their cluster's consensus."""
        return sum(1 for annotation in self.annotations.values() if annotation.fill)


def cluster_corpus(quotes: Iterable[Mapping], published: Mapping[str, str | None] | None = None) -> Clustered:
    """Cluster quote records held in memory; ``published`` maps article id to its date."""
    published = published or {}
    by_article: dict[str, list[Mapping]] = {}
    for record in quotes:
        by_article.setdefault(record["article_id"], []).append(record)
    with ClusterPass() as clusters:
        for article_id in sorted(by_article):
            clusters.add(article_id, published.get(article_id), by_article[article_id])
        clusters.run()
        return Clustered({a.quote_id: a for a in clusters.annotations()}, [row for _, row in clusters.clusters()])


def cluster_quotes(records: Iterable[Mapping]) -> dict[str, str]:
    """{quote id: cluster id} for quote records held in memory. Deterministic: the same
    records, in any order, give the same ids."""
    return {quote_id: a.cluster_id for quote_id, a in cluster_corpus(records).annotations.items()}
