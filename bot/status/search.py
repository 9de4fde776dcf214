"""Fuzzy nominee-name search that stays fast with a million dossiers.

A name is folded ("Trần Thị Thu Mai" → "tran thi thu mai") and keyed by its family name (first
word), middle name (the words between, "" when none) and given name (last word).

The fast path (almost every query) works from the name vocabulary held in process
(`search_vocab`): the typed name is read by one index probe when its words are known in their
places; otherwise, or when nobody has it, the full names the query can stand for (one typo
corrected, the words in another order, a space left out) are read cheapest first, up to `limit`
namesakes each, in one statement, and the namesakes of equally near names take turns.

When the fast path finds no one, a search reads as few rows as it can, in tiers, and stops as
soon as it holds `limit` good matches:

1. a small scope (an officer's unit) is read whole and ranked exhaustively;
2. the whole folded name, one index probe (the common case: a name typed without diacritics);
3. the full key, each part widened to the vocabulary words within a small edit distance
   (`name_vocab`, read by first letter) — the middle name makes even "Nguyễn … Anh" buckets small;
4. family + given name with any middle name (the user left the middle name out), then the words
   in the other order ("Mai Trần" finds "Trần Thị Mai"), then family + middle name with any
   given name ("nguyen thi" lists the Nguyễn Thị …).

Two words run together ("nguyenvan tam") are split again at a known family or given name.
Every tier reads at most `MAX_SCAN` rows; rapidfuzz ranks the candidates on the whole folded
name. The caller restricts the search to the units it may see (`units`, None = all).

`search_with_summaries` is the user's search (`bot.status.lookup.search_dossiers`): on the fast
path the statement that reads the names also returns the summaries of the dossiers that will
be shown (`_with_summaries`), so a search is one round trip; the slower paths leave the
summaries to the caller.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    TextClause,
    TextualSelect,
    and_,
    bindparam,
    column,
    func,
    not_,
    or_,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, Session

from bot.db.models_status import NameVocab, NomineeSearch
from bot.db.upsert import insert_ignore
from bot.status.one_statement import DossierRow, summaries_sql, summary_columns, summary_row
from bot.status.search_vocab import (
    NameCandidate,
    NameLexicon,
    candidate_names,
    candidates_apply,
    vocabularies,
)
from bot.text.normalize import fold

FAMILY, MIDDLE, GIVEN = "f", "m", "g"
KEY_LENGTH = 64
MAX_KEYS_PER_WORD = 4
MIN_WORD_SCORE = 60.0
MIN_NAME_SCORE = 60.0
# A match this good ends the search once `limit` of them are found.
GOOD_SCORE = 90.0
# Rows read per step; a scope this small is ranked whole.
MAX_SCAN = 1000
SMALL_SCOPE = 1000
MIN_PART = 2
SHORT_WORD = 2
MAX_PREFIX_KEYS = 12
# Full names read at most per query on the fast path.
MAX_NAMES = 12

Row = tuple[int, int, int, str]  # nominee_id, dossier_id, unit_id, folded name


@dataclass(frozen=True)
class NameKey:
    family: str
    middle: str
    given: str
    folded: str


@dataclass(frozen=True)
class NameHit:
    nominee_id: int
    dossier_id: int
    unit_id: int
    folded: str
    score: float


@dataclass(frozen=True)
class Found:
    """The hits of a search, best first, and the summaries of the top dossiers when they came
    with the hits (by dossier id; empty when the search took a path that reads no summaries)."""

    hits: list[NameHit]
    summaries: dict[int, DossierRow]


def name_key(name: str) -> NameKey | None:
    """The search key of a name, or None when it has no letters."""
    words = fold(name).split()
    if not words:
        return None
    return _key(words)


def _key(words: Sequence[str]) -> NameKey:
    middle = " ".join(words[1:-1])[:KEY_LENGTH]
    folded = " ".join(words)[:255]
    return NameKey(words[0][:KEY_LENGTH], middle, words[-1][:KEY_LENGTH], folded)


async def index_nominees(session: AsyncSession, rows: Iterable[tuple[int, int, int, str]]) -> None:
    """Add (nominee_id, dossier_id, unit_id, name) rows to the index (idempotent per nominee)."""
    entries: list[dict[str, object]] = []
    vocab: set[tuple[str, str]] = set()
    for nominee_id, dossier_id, unit_id, name in rows:
        key = name_key(name)
        if key is None:
            continue
        entries.append(
            {
                "nominee_id": nominee_id,
                "dossier_id": dossier_id,
                "unit_id": unit_id,
                "family": key.family,
                "middle": key.middle,
                "given": key.given,
                "folded": key.folded,
            }
        )
        vocab.update(vocab_entries(key))
    if not entries:
        return
    search_table = NomineeSearch.__table__
    vocab_table = NameVocab.__table__
    await session.execute(insert_ignore(session, search_table, ("nominee_id",)), entries)  # type: ignore[arg-type]
    await session.execute(
        insert_ignore(session, vocab_table, ("kind", "token")),  # type: ignore[arg-type]
        [{"kind": kind, "token": token} for kind, token in sorted(vocab)],
    )
    vocabularies.learn(vocab)


def vocab_entries(key: NameKey) -> set[tuple[str, str]]:
    """The `name_vocab` rows a key needs: its family, given and (non-empty) middle name."""
    entries = {(FAMILY, key.family), (GIVEN, key.given)}
    if key.middle:
        entries.add((MIDDLE, key.middle))
    return entries


# --- search ----------------------------------------------------------------------------------


def search_names(
    session: Session, query: str, units: frozenset[int] | None, limit: int = 5
) -> list[NameHit]:
    """The best `limit` nominees for `query` among `units` (None = every unit), best first."""
    return _search(session, query, units, limit, 0).hits


def search_with_summaries(
    session: Session, query: str, units: frozenset[int] | None, limit: int, dossiers: int
) -> Found:
    """`search_names`, and on the fast path the summaries of the first `dossiers` distinct
    dossiers of the hits, read by the same statement as the names."""
    return _search(session, query, units, limit, dossiers)


def _search(
    session: Session, query: str, units: frozenset[int] | None, limit: int, dossiers: int
) -> Found:
    words = fold(query).split()
    if not words or (units is not None and not units):
        return Found([], {})
    folded_query = " ".join(words)
    if units is not None and _scope_is_small(session, units):
        return Found(_rank(folded_query, _read(session, [], units), limit), {})
    vocab = vocabularies.get(session)
    # The typed name itself, unless the vocabulary says it cannot exist (a word unknown in
    # its place: a typo or another order); a name too new for the vocabulary held here is
    # still read by the slower path.
    if vocab.knows(words) or not candidates_apply(words):
        # One name: the hits are its rows by nominee id, whatever the score.
        exact = _read_names(session, [(folded_query, 100.0)], None, units, limit, dossiers)
        if exact.rows:
            return Found(_rank(folded_query, exact.rows, limit), exact.summaries)
    candidates = candidate_names(vocab, words)
    near = _read_candidates(session, words, vocab, candidates, units, limit, dossiers)
    if near.hits:
        return near
    return Found(_search_by_tiers(session, words, units, limit), {})


def _read_candidates(
    session: Session,
    words: list[str],
    vocab: NameLexicon,
    candidates: list[NameCandidate],
    units: frozenset[int] | None,
    limit: int,
    dossiers: int,
) -> Found:
    """The nominees named as one of the full names `words` can stand for (one typo corrected,
    the words reordered; `search_vocab`), cheapest names first; a two-word query also reads
    the family + given name with any middle name (the middle name left out). Up to `limit`
    rows per name; namesakes take turns with equally cheap names, so one common name does not
    fill the list."""
    query = " ".join(words)
    # "nguyen tam": Nguyễn Văn Tâm and Nguyễn Thị Tâm as well as a one-typo Nguyễn Tân.
    any_middle = None
    if len(words) == 2 and words[0] in vocab.family and words[1] in vocab.given:
        any_middle = (words[0], words[1])
    costs = {c.cost for c in candidates if c.cost > 0} | ({1} if any_middle else set())
    for cost in sorted(costs):
        names = _closest(query, [c.folded for c in candidates if c.cost == cost])
        read = _read_names(
            session, names, any_middle if cost == 1 else None, units, limit, dossiers
        )
        if read.rows:
            return Found(_rank_turns(query, read.rows, limit), read.summaries)
    return Found([], {})


def _closest(query: str, names: list[str]) -> list[tuple[str, float]]:
    """The `MAX_NAMES` names nearest to `query`, each with its score (the one `_rank_turns`
    gives it)."""
    scored = process.extract(query, names, scorer=fuzz.WRatio, limit=MAX_NAMES)
    return [(name, score) for name, score, _ in scored]


@dataclass(frozen=True)
class _Read:
    rows: list[Row]
    summaries: dict[int, DossierRow]


def _read_names(
    session: Session,
    names: list[tuple[str, float]],
    any_middle: tuple[str, str] | None,
    units: frozenset[int] | None,
    limit: int,
    dossiers: int = 0,
) -> _Read:
    """Up to `limit` nominees of each full name (given with its score), and of the (family,
    given) pair with any middle name, among `units` (None = every unit); with the summaries
    of the first `dossiers` dossiers of the hits `_rank_turns` makes of them (0: none). One
    statement."""
    if not names and any_middle is None:
        return _Read([], {})
    params: dict[str, object] = {}
    for i, (name, score) in enumerate(names):
        params[f"n{i}"], params[f"s{i}"] = name, score
    params["limit"] = limit
    if any_middle is not None:
        params["family"], params["given"] = any_middle
    if units is not None:
        params["units"] = sorted(units)
    dialect = session.get_bind().dialect.name if dossiers else None
    if dialect is not None:
        params["dossiers"] = dossiers
    statement = _names_statement(len(names), any_middle is not None, units is not None, dialect)
    rows: list[Row] = []
    summaries: dict[int, DossierRow] = {}
    for row in session.execute(statement, params):
        rows.append((int(row[0]), int(row[1]), int(row[2]), str(row[3])))
        if dialect is not None and row.id is not None:
            summaries[row.id] = summary_row(row)
    return _Read(rows, summaries)


_PROBE = (
    f"SELECT nominee_id, dossier_id, unit_id, folded FROM {NomineeSearch.__tablename__}"
    " WHERE {where} LIMIT :limit"
)
_HIT_COLUMNS = (
    column("nominee_id", Integer),
    column("dossier_id", Integer),
    column("unit_id", Integer),
    column("folded", String),
)
# Names in the order of Python's `str` (code points), not the database's locale.
_BYTEWISE = {"postgresql": ' COLLATE "C"', "sqlite": ""}


@functools.cache
def _names_statement(
    names: int, any_middle: bool, scoped: bool, dialect: str | None
) -> TextClause | TextualSelect:
    """UNION ALL of one index probe per name, each LIMITed: a plain statement, compiled once
    per shape (the ORM's union cost more than the reads themselves). With a `dialect`, the
    hits come with the summaries of the top dossiers (`_with_summaries`)."""
    in_units = " AND unit_id IN :units" if scoped else ""
    parts = [f"folded = :n{i}{in_units}" for i in range(names)]
    if any_middle:
        parts.append(f"given = :given AND family = :family{in_units}")
    hits = " UNION ALL ".join(
        f"SELECT * FROM ({_PROBE.format(where=where)}) AS p{i}" for i, where in enumerate(parts)
    )
    sql = hits if dialect is None else _with_summaries(hits, names, any_middle, dialect)
    statement = text(sql)
    if scoped:
        statement = statement.bindparams(bindparam("units", expanding=True))
    if dialect is None:
        return statement
    return statement.columns(*_HIT_COLUMNS, *summary_columns())


def _with_summaries(hits: str, names: int, any_middle: bool, dialect: str) -> str:
    """`hits` (the probes of `_names_statement`), each row with the summary of its dossier when
    that dossier is one of the first `:dossiers` of the hits `_rank_turns` makes (NULLs
    otherwise).

    `_rank_turns` orders the rows by turn (the n-th namesake of each name, by nominee id), then
    by the name's score (`:s0`, … given with the names), then by name; the top `:limit` rows are
    the hits. The SQL ranks the same way. When any middle name is read too (`any_middle`),
    those names are not known before the read and neither are their scores: the dossiers of
    every row of the turns that can reach the top `:limit` are summarised instead (at most
    `:limit` + one per name). The caller ranks the rows itself and reads any summary missing."""
    if any_middle:
        ranked = (
            "ranked AS (SELECT dossier_id,"
            " count(*) OVER (ORDER BY turn) - count(*) OVER (PARTITION BY turn) AS ahead"
            " FROM turns),"
            " top_dossiers AS (SELECT DISTINCT dossier_id FROM ranked WHERE ahead < :limit)"
        )
    else:
        score = " ".join(f"WHEN :n{i} THEN CAST(:s{i} AS FLOAT)" for i in range(names))
        ranked = (
            "ranked AS (SELECT dossier_id, row_number() OVER (ORDER BY turn,"
            f" CASE folded {score} END DESC, folded{_BYTEWISE[dialect]}) AS pos FROM turns),"
            " top_dossiers AS (SELECT dossier_id FROM ranked WHERE pos <= :limit"
            " GROUP BY dossier_id ORDER BY min(pos) LIMIT :dossiers)"
        )
    summaries = summaries_sql(dialect, "SELECT dossier_id FROM top_dossiers")
    return (
        f"WITH hits AS ({hits}),"
        " turns AS (SELECT dossier_id, folded,"
        " row_number() OVER (PARTITION BY folded ORDER BY nominee_id) AS turn FROM hits),"
        f" {ranked}"
        " SELECT h.nominee_id, h.dossier_id, h.unit_id, h.folded, s.id, s.ref, s.num, s.at,"
        " s.day, s.s1, s.s2, s.s3, s.s4, s.names, s.unit_name"
        f" FROM hits AS h LEFT OUTER JOIN ({summaries}) AS s ON s.id = h.dossier_id"
    )


def _rank_turns(query: str, rows: Sequence[Row], limit: int) -> list[NameHit]:
    """Best names first; the namesakes of equally good names take turns."""
    scores = {
        name: score
        for name, score, _ in process.extract(
            query, {r[3] for r in rows}, scorer=fuzz.WRatio, limit=None
        )
    }
    turn: dict[str, int] = {}
    ordered = []
    for row in sorted(rows, key=lambda r: r[0]):
        turn[row[3]] = turn.get(row[3], -1) + 1
        ordered.append((turn[row[3]], -scores[row[3]], row[3], row))
    ordered.sort(key=lambda item: item[:3])
    return [NameHit(row[0], row[1], row[2], row[3], scores[row[3]]) for *_, row in ordered[:limit]]


def _search_by_tiers(
    session: Session, words: list[str], units: frozenset[int] | None, limit: int
) -> list[NameHit]:
    """The slower path: keys widened by the vocabulary in the database, tier by tier."""
    found = _Found(" ".join(words), limit)
    repaired = _repair(session, words)
    near: dict[tuple[str, str], list[str]] = {}
    for tier, fallback in _tiers(words, repaired):
        if fallback and found.good(1):
            break  # the other word order only when the typed order matched nothing well
        for _, kind, word in tier:
            if (kind, word) not in near:
                near[kind, word] = _near(session, kind, word)
        for conditions in _steps(tier, near):
            if found.add(_read(session, conditions, units)):
                return found.best()
        if len(tier) == 3 and tier[1][2] and found.good(1):
            break  # a typed middle name that matched is trusted: no need to read other middles
    return found.best()


def _steps(tier: Tier, near: dict[tuple[str, str], list[str]]) -> list[list[ColumnElement[bool]]]:
    """The reads of one tier, most selective first: every word as typed; one word widened to
    its near vocabulary words (one typo is the common case); then every word widened."""
    exact = [column == word for column, _, word in tier]
    steps = [exact]
    wide = [i for i, (_, kind, word) in enumerate(tier) if len(near[kind, word]) > 1]
    for i in wide:
        column, kind, word = tier[i]
        one = [*exact[:i], and_(column.in_(near[kind, word]), column != word), *exact[i + 1 :]]
        steps.append(one)
    if len(wide) > 1:
        widened = [column.in_(near[kind, word]) for column, kind, word in tier]
        steps.append([*widened, not_(and_(*exact))])
    return steps


class _Found:
    """Candidates gathered over the tiers, ranked against the query."""

    def __init__(self, query: str, limit: int) -> None:
        self.query = query
        self.limit = limit
        self.rows: dict[int, Row] = {}

    def add(self, rows: Sequence[Row]) -> bool:
        """Add rows; True when `limit` good matches are held (the search may stop)."""
        self.rows.update((row[0], row) for row in rows)
        return self.good(self.limit)

    def good(self, wanted: int) -> bool:
        """Are at least `wanted` of the rows held good matches?"""
        good = process.extract(
            self.query,
            [r[3] for r in self.rows.values()],
            scorer=fuzz.WRatio,
            limit=wanted,
            score_cutoff=GOOD_SCORE,
        )
        return len(good) >= wanted

    def best(self) -> list[NameHit]:
        return _rank(self.query, list(self.rows.values()), self.limit)


Tier = list[tuple[InstrumentedAttribute[str], str, str]]  # (column, vocabulary kind, query word)


def _tiers(words: Sequence[str], repaired: Sequence[str]) -> list[tuple[Tier, bool]]:
    """The key reads to try in order, each with "only if nothing matched well so far": the full
    key with run-together words split again, then as typed, then family + given name with any
    middle name, then the words in the other order ("Mai Trần", "Mai Trần Thị"), then family +
    middle name with any given name."""
    family, given = NomineeSearch.family, NomineeSearch.given
    middle = NomineeSearch.middle
    tiers: list[tuple[Tier, bool]] = []
    for shape in (repaired, words) if repaired != words else (words,):
        if len(shape) > 1:
            key = _key(shape)
            parts = [key.family, key.middle, key.given]
            tiers.append(
                (
                    [
                        (family, FAMILY, parts[0]),
                        (middle, MIDDLE, parts[1]),
                        (given, GIVEN, parts[2]),
                    ],
                    False,
                )
            )
    if len(repaired) > 1:
        tiers.append(([(family, FAMILY, repaired[0]), (given, GIVEN, repaired[-1])], False))
    if len(words) == 1:
        tiers += [([(given, GIVEN, words[0])], False), ([(family, FAMILY, words[0])], True)]
    if len(words) > 1:
        tiers.append(([(family, FAMILY, words[-1]), (given, GIVEN, words[0])], True))
    if len(words) > 2:
        tiers.append(([(family, FAMILY, words[1]), (given, GIVEN, words[0])], True))
    if len(repaired) > 1:
        # Last resort: the given name was left out ("nguyen thi") or lost its first letter
        # ("tran van ung").
        middle_words = repaired[1:] if len(repaired) == 2 else repaired[1:-1]
        tiers.append(
            ([(family, FAMILY, repaired[0]), (middle, MIDDLE, " ".join(middle_words))], True)
        )
    return tiers


def _scope_is_small(session: Session, units: frozenset[int]) -> bool:
    inner = (
        select(NomineeSearch.nominee_id)
        .where(NomineeSearch.unit_id.in_(sorted(units)))
        .limit(SMALL_SCOPE + 1)
        .subquery()
    )
    count = (session.execute(select(func.count()).select_from(inner))).scalar_one()
    return int(count) <= SMALL_SCOPE


def _read(
    session: Session,
    conditions: list[ColumnElement[bool]],
    units: frozenset[int] | None,
    limit: int = MAX_SCAN,
) -> list[Row]:
    statement = select(
        NomineeSearch.nominee_id,
        NomineeSearch.dossier_id,
        NomineeSearch.unit_id,
        NomineeSearch.folded,
    )
    if units is not None:
        conditions = [*conditions, NomineeSearch.unit_id.in_(sorted(units))]
    if conditions:
        statement = statement.where(and_(*conditions))
    result = session.execute(statement.limit(limit))
    return [(int(a), int(b), int(c), str(d)) for a, b, c, d in result.all()]


def _near(session: Session, kind: str, word: str) -> list[str]:
    """`word` plus up to MAX_KEYS_PER_WORD vocabulary words close to it (same first letter);
    a word of one or two letters is also taken as the start of a name ("Phan Thanh N")."""
    if not word:
        return [word]
    first = word[0]
    rows = session.execute(
        select(NameVocab.token).where(
            NameVocab.kind == kind,
            or_(
                NameVocab.token == word,
                and_(NameVocab.token >= first, NameVocab.token < chr(ord(first) + 1)),
            ),
        )
    )
    vocabulary = list(rows.scalars())
    close = process.extract(
        word, vocabulary, scorer=fuzz.ratio, limit=MAX_KEYS_PER_WORD, score_cutoff=MIN_WORD_SCORE
    )
    starts = [token for token in vocabulary if len(word) <= SHORT_WORD and token.startswith(word)]
    return sorted({word, *(match for match, _, _ in close), *starts[:MAX_PREFIX_KEYS]})


def _repair(session: Session, words: list[str]) -> list[str]:
    """Split a first word that starts with a known family name, and a last word that ends with a
    known given name, when the rest is a known name too ("nguyenvan tam" → "nguyen van tam";
    "ngha" stays a typo of "nghia": "ng" is no name). Parts are at least MIN_PART letters."""
    first, last = words[0], words[-1]
    heads = [(first[:i], first[i:]) for i in range(MIN_PART, len(first) - MIN_PART + 1)]
    tails = [(last[:-i], last[-i:]) for i in range(MIN_PART, len(last) - MIN_PART + 1)]
    if len(words) == 1:
        tails = []
    tokens = {first, last, *(t for pair in heads + tails for t in pair)}
    rows = session.execute(
        select(NameVocab.kind, NameVocab.token).where(
            NameVocab.kind.in_((FAMILY, MIDDLE, GIVEN)), NameVocab.token.in_(sorted(tokens))
        )
    )
    known: dict[str, set[str]] = {FAMILY: set(), MIDDLE: set(), GIVEN: set()}
    for kind, token in rows.all():
        known[kind].add(token)
    rest_kind = GIVEN if len(words) == 1 else MIDDLE
    out = list(words)
    if first not in known[FAMILY]:
        splits = [(h, r) for h, r in heads if h in known[FAMILY] and r in known[rest_kind]]
        if splits:
            head, rest = max(splits, key=lambda pair: len(pair[0]))
            out[0:1] = [head, rest]
    if tails and last not in known[GIVEN]:
        splits = [(r, t) for r, t in tails if t in known[GIVEN] and r in known[MIDDLE]]
        if splits:
            rest, tail = max(splits, key=lambda pair: len(pair[1]))
            out[-1:] = [rest, tail]
    return out


def _rank(query: str, candidates: Sequence[Row], limit: int) -> list[NameHit]:
    if not candidates:
        return []
    scored = process.extract(
        query,
        [row[3] for row in candidates],
        scorer=fuzz.WRatio,
        limit=None,
        score_cutoff=MIN_NAME_SCORE,
    )
    hits = []
    for _, score, index in scored:
        nominee_id, dossier_id, unit_id, folded = candidates[index]
        # An exact folded match outranks a partial one with the same WRatio score.
        bonus = 1.0 if folded == query else 0.0
        hits.append(NameHit(nominee_id, dossier_id, unit_id, folded, min(100.0, score + bonus)))
    hits.sort(key=lambda h: (-h.score, h.folded, h.nominee_id))
    return hits[:limit]


async def rebuild_index(session: AsyncSession, batch: int = 5000) -> int:
    """Index every nominee not indexed yet (after a bulk load such as `seed_demo`); returns the
    number of nominees added."""
    from bot.db.models import Dossier, Nominee

    added = 0
    last_id = 0
    while True:
        rows = (
            await session.execute(
                select(Nominee.id, Nominee.dossier_id, Dossier.unit_id, Nominee.name)
                .join(Dossier, Dossier.id == Nominee.dossier_id)
                .outerjoin(NomineeSearch, NomineeSearch.nominee_id == Nominee.id)
                .where(Nominee.id > last_id, NomineeSearch.nominee_id.is_(None))
                .order_by(Nominee.id)
                .limit(batch)
            )
        ).all()
        if not rows:
            return added
        await index_nominees(session, [tuple(r) for r in rows])  # type: ignore[misc]
        added += len(rows)
        last_id = rows[-1][0]
