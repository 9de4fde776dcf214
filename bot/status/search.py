"""Fuzzy nominee-name search that stays fast with a million dossiers.

A name is folded ("Trần Thị Mai" → "tran thi mai") and keyed by its family name (first word) and
given name (last word). A query reads only the buckets whose keys are near the query's words:
each query word is expanded to the vocabulary words within a small edit distance that share its
first letter (an indexed range read of `name_vocab`), the candidate rows come from the
`(given, family)` index, and rapidfuzz ranks the few candidates on the whole folded name.
Word order is tried both ways ("Mai Trần Thị" still finds "Trần Thị Mai"); a single word is a
given name (or, failing that, a family name). The caller restricts the search to the units it
may see (`units`, None = all).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models_status import NameVocab, NomineeSearch
from bot.db.upsert import insert_ignore
from bot.text.normalize import fold

FAMILY, GIVEN = "f", "g"
MAX_KEYS_PER_WORD = 4
MIN_WORD_SCORE = 60.0
MAX_CANDIDATES = 3000
MIN_NAME_SCORE = 60.0


@dataclass(frozen=True)
class NameKey:
    family: str
    given: str
    folded: str


@dataclass(frozen=True)
class NameHit:
    nominee_id: int
    dossier_id: int
    unit_id: int
    folded: str
    score: float


def name_key(name: str) -> NameKey | None:
    """The search key of a name, or None when it has no letters."""
    folded = fold(name)
    words = folded.split()
    if not words:
        return None
    return NameKey(words[0][:64], words[-1][:64], folded[:255])


async def index_nominees(
    session: AsyncSession, rows: Iterable[tuple[int, int, int, str]]
) -> None:
    """Add (nominee_id, dossier_id, unit_id, name) rows to the index (idempotent per nominee)."""
    entries: list[dict[str, object]] = []
    vocab: set[tuple[str, str]] = set()
    for nominee_id, dossier_id, unit_id, name in rows:
        key = name_key(name)
        if key is None:
            continue
        entries.append({"nominee_id": nominee_id, "dossier_id": dossier_id, "unit_id": unit_id,
                        "family": key.family, "given": key.given, "folded": key.folded})
        vocab.update({(FAMILY, key.family), (GIVEN, key.given)})
    if not entries:
        return
    search_table = NomineeSearch.__table__
    vocab_table = NameVocab.__table__
    await session.execute(insert_ignore(session, search_table, ("nominee_id",)), entries)  # type: ignore[arg-type]
    await session.execute(
        insert_ignore(session, vocab_table, ("kind", "token")),  # type: ignore[arg-type]
        [{"kind": kind, "token": token} for kind, token in sorted(vocab)],
    )


async def search_names(
    session: AsyncSession, query: str, units: frozenset[int] | None, limit: int = 5
) -> list[NameHit]:
    """The best `limit` nominees for `query` among `units` (None = every unit), best first."""
    words = fold(query).split()
    if not words:
        return []
    folded_query = " ".join(words)
    attempts: list[tuple[str | None, str | None]] = []
    if len(words) == 1:
        attempts = [(None, words[0]), (words[0], None)]
    else:
        attempts = [(words[0], words[-1]), (words[-1], words[0])]
        if len(words) > 2:
            attempts.append((words[1], words[0]))  # "Mai Trần" typed without the middle name
    candidates: dict[int, tuple[int, int, str]] = {}
    for nominee_id, dossier_id, unit_id, folded in await _exact(session, folded_query, units):
        candidates[nominee_id] = (dossier_id, unit_id, folded)
    for family, given in attempts:
        found = await _candidates(session, family, given, units)
        for nominee_id, dossier_id, unit_id, folded in found:
            candidates[nominee_id] = (dossier_id, unit_id, folded)
        if found:
            break
    return _rank(folded_query, candidates, limit)


async def _exact(
    session: AsyncSession, folded: str, units: frozenset[int] | None
) -> Sequence[tuple[int, int, int, str]]:
    """Nominees whose whole folded name equals the query (the common case, one index probe)."""
    if units is not None and not units:
        return []
    statement = select(NomineeSearch.nominee_id, NomineeSearch.dossier_id, NomineeSearch.unit_id,
                       NomineeSearch.folded).where(NomineeSearch.folded == folded)
    if units is not None:
        statement = statement.where(NomineeSearch.unit_id.in_(sorted(units)))
    return [tuple(row) for row in (await session.execute(statement.limit(MAX_CANDIDATES))).all()]  # type: ignore[misc]


async def _candidates(
    session: AsyncSession, family: str | None, given: str | None, units: frozenset[int] | None
) -> Sequence[tuple[int, int, int, str]]:
    conditions = []
    if given is not None:
        conditions.append(NomineeSearch.given.in_(await _near(session, GIVEN, given)))
    if family is not None:
        conditions.append(NomineeSearch.family.in_(await _near(session, FAMILY, family)))
    if units is not None:
        if not units:
            return []
        conditions.append(NomineeSearch.unit_id.in_(sorted(units)))
    statement = (
        select(NomineeSearch.nominee_id, NomineeSearch.dossier_id, NomineeSearch.unit_id,
               NomineeSearch.folded)
        .where(and_(*conditions))
        .limit(MAX_CANDIDATES)
    )
    return [tuple(row) for row in (await session.execute(statement)).all()]  # type: ignore[misc]


async def _near(session: AsyncSession, kind: str, word: str) -> list[str]:
    """`word` plus up to MAX_KEYS_PER_WORD vocabulary words close to it (same first letter)."""
    first = word[0]
    rows = await session.execute(
        select(NameVocab.token).where(
            NameVocab.kind == kind,
            or_(NameVocab.token == word,
                and_(NameVocab.token >= first, NameVocab.token < chr(ord(first) + 1))),
        )
    )
    vocabulary = list(rows.scalars())
    close = process.extract(word, vocabulary, scorer=fuzz.ratio, limit=MAX_KEYS_PER_WORD,
                            score_cutoff=MIN_WORD_SCORE)
    return sorted({word, *(match for match, _, _ in close)})


def _rank(query: str, candidates: dict[int, tuple[int, int, str]], limit: int) -> list[NameHit]:
    if not candidates:
        return []
    ids = list(candidates)
    names = [candidates[i][2] for i in ids]
    scored = process.extract(query, names, scorer=fuzz.WRatio, limit=None,
                             score_cutoff=MIN_NAME_SCORE)
    hits = []
    for _, score, index in scored:
        nominee_id = ids[index]
        dossier_id, unit_id, folded = candidates[nominee_id]
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
