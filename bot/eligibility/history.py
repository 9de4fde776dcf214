"""Questions about a nominee's history that several predicates share.

Which titles were held in a year, which merit awards were received, from which year achievements
count again (after a discipline term or a previous award), which initiatives are still free to
use. Each answer is three-valued where the facts may be incomplete: True / False / None (unknown).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.eligibility.facts import NONE, AwardFact, Discipline, Facts, Initiative
from knowledge.discipline_terms import add_months
from knowledge.loader import KnowledgeBase
from knowledge.schema import Category

# The basis of an award recorded among a year's `titles`: the year's work.
TITLE_BASIS = "cong_trang"


@dataclass(frozen=True, init=False)
class Missing:
    """A fact whose answer is needed: `fact` as reported in `missing` (contracts §2), `ask` the
    precise path the interview asks about (matched against the question families in YAML)."""

    fact: str
    ask: str

    def __init__(self, fact: str, ask: str) -> None:
        # Filled in place, not by one frozen `__setattr__` per field.
        attributes = self.__dict__
        attributes["fact"] = fact
        attributes["ask"] = ask


def rating_ok(kb: KnowledgeBase, rating: str | None, minimum: str) -> bool | None:
    """True when `rating` is `minimum` or better (ratings are listed best first)."""
    if rating is None:
        return None
    order = kb.vocabulary.ratings
    try:
        found = _RATING_OK.get((rating, minimum))
    except TypeError:  # not a word: `_index` raises ValueError, as before
        found = None
    if found is not None and found[0] is order:
        return found[1]
    rank = _ranks(order)
    ok = _index(rank, rating) <= _index(rank, minimum)  # a word not in the list raises
    if len(_RATING_OK) >= 1024:
        _RATING_OK.clear()
    _RATING_OK[(rating, minimum)] = (order, ok)
    return ok


# `rating_ok` by (rating, minimum), with the ratings list it was read from (the entry keeps it).
_RATING_OK: dict[tuple[str, str], tuple[list[str], bool]] = {}


def form_at_least(kb: KnowledgeBase, form: str, minimum: str) -> bool:
    """True when a disciplinary `form` is `minimum` or heavier."""
    rank = _ranks(kb.vocabulary.discipline_forms)
    return _index(rank, form) >= _index(rank, minimum)


def scope_at_least(kb: KnowledgeBase, scope: str, minimum: str) -> bool:
    rank = _ranks(kb.vocabulary.initiative_scopes)
    return _index(rank, scope) >= _index(rank, minimum)


# Position of each word in a vocabulary list, by the list's identity (the entry keeps it).
_RANKS: dict[int, tuple[list[str], dict[str, int]]] = {}


def _ranks(order: list[str]) -> dict[str, int]:
    found = _RANKS.get(id(order))
    if found is None or found[0] is not order:
        found = _RANKS[id(order)] = (order, {})
        for position, word in enumerate(order):
            found[1].setdefault(word, position)  # the first, as `list.index`
    return found[1]


def _index(rank: dict[str, int], word: str) -> int:
    """`order.index(word)`, the same ValueError for a word not in the list."""
    try:
        return rank[word]
    except (KeyError, TypeError):
        raise ValueError(f"{word!r} is not in list") from None


def discipline_end(
    kb: KnowledgeBase, record: Discipline, year: int, category: str | None = None
) -> dt.date:
    """When a disciplinary term ends: its `ends_on`, else decided_on + the default term for the
    person's `category` on that date, else the end of the year it was recorded in."""
    if record.ends_on is not None:
        return record.ends_on
    if record.decided_on is not None:
        months = kb.discipline_months(record.form, record.decided_on, category)
        if months is not None:
            return add_months(record.decided_on, months)
    return dt.date(year, 12, 31)


def discipline_restart_year(kb: KnowledgeBase, facts: Facts) -> int | None:
    """First year whose achievements count after the latest recorded discipline (Decree 152
    Art. 4.4: "tính từ thời điểm chấp hành xong"): the year after the term ends. A year that
    overlaps the term never counts (legal-criteria §12.10). Remembered with the facts."""
    found = facts.memo.get("discipline_restart_year")
    if found is not None and found[0] is kb:
        return found[1]
    latest = _discipline_restart_year(kb, facts)
    facts.memo["discipline_restart_year"] = (kb, latest)
    return latest


def _discipline_restart_year(kb: KnowledgeBase, facts: Facts) -> int | None:
    latest: int | None = None
    for year, year_facts in facts.years.items():
        record = year_facts.discipline
        if isinstance(record, Discipline):
            end = discipline_end(kb, record, year, facts.subject.category)
            restart = end.year + 1
            latest = restart if latest is None else max(latest, restart)
    return latest


def can_be_non_merit(kb: KnowledgeBase, award_id: str) -> bool:
    """A form of commendation may be given for a chuyên đề or đột xuất achievement; a title
    (danh hiệu) rewards the year's work and always grounds the next merit award."""
    award = kb.awards.get(award_id)
    return award is not None and award.category is not Category.TITLE


def is_uncertain(kb: KnowledgeBase, record: AwardFact) -> bool:
    """A non-revoked award whose basis is unknown and may be chuyên đề or đột xuất."""
    return record.basis is None and record.revoked is not True and can_be_non_merit(
        kb, record.award
    )


def award_facts(facts: Facts) -> Sequence[AwardFact]:
    """Every award record: `awards` and the entries of `award_history`."""
    if not facts.history_records:
        return facts.awards or ()
    found = list(facts.awards or ())
    for records in facts.history_records.values():
        found.extend(records)
    return found


def uncertain_awards(kb: KnowledgeBase, facts: Facts) -> dict[str, AwardFact]:
    """Award id → its latest record of unknown basis (the one to ask about first)."""
    found: dict[str, AwardFact] = {}
    for record in award_facts(facts):
        if is_uncertain(kb, record):
            kept = found.get(record.award)
            if kept is None or (record.end_year or 0) > (kept.end_year or 0):
                found[record.award] = record
    return found


def history_known(facts: Facts, award_ids: Iterable[str]) -> bool:
    """Is every award of `award_ids` known (its records complete, no công trạng history left
    open before a chuyên đề or đột xuất award)?"""
    return all(
        (facts.awards is not None or a in facts.award_history) and a not in facts.history_open
        for a in award_ids
    )


def history_ask(facts: Facts, award_ids: Sequence[str]) -> Missing:
    """What to ask when the history of `award_ids` is not known: the year of the latest award
    not yet asked, else the công trạng award before a chuyên đề / đột xuất one."""
    for a in award_ids:
        if facts.awards is None and a not in facts.award_history:
            return Missing("awards", f"award_history.{a}")
    for a in award_ids:
        if a in facts.history_open:
            return Missing("awards", f"award_history.{a}.{facts.history_open[a]}.merit_before")
    return Missing("awards", f"award_history.{award_ids[0]}")


def is_merit(kb: KnowledgeBase, record: AwardFact, uncertain_merit: bool = True) -> bool:
    """Can `record` ground a merit award? An unknown basis reads as `uncertain_merit` (the
    engine evaluates both readings and asks the basis only when they differ)."""
    if record.basis is None:
        return uncertain_merit or not can_be_non_merit(kb, record.award)
    return record.basis not in kb.vocabulary.non_merit_bases


def merit_awards(
    kb: KnowledgeBase, facts: Facts, award_ids: Sequence[str], uncertain_merit: bool = True
) -> Sequence[AwardFact]:
    """Non-revoked awards among `award_ids` that can ground a merit award (not đột xuất or
    chuyên đề: Decree 152 Art. 4.3), from `awards`, `award_history` and the yearly `titles`;
    one of unknown basis counts as `uncertain_merit` says. Remembered with the facts (the entry
    keeps its knowledge base)."""
    key = ("merit_awards", uncertain_merit, *award_ids)
    found = facts.memo.get(key)
    if found is not None and found[0] is kb:
        return found[1]
    records = tuple(_merit_awards(kb, facts, award_ids, uncertain_merit))
    facts.memo[key] = (kb, records)
    return records


def _merit_awards(
    kb: KnowledgeBase, facts: Facts, award_ids: Sequence[str], uncertain_merit: bool
) -> list[AwardFact]:
    wanted = set(award_ids)
    non_merit = kb.vocabulary.non_merit_bases
    found = [
        a
        for a in award_facts(facts)
        if a.award in wanted
        and a.revoked is not True
        and (a.basis not in non_merit if a.basis is not None else is_merit(kb, a, uncertain_merit))
    ]
    # One history: an award recorded among a year's titles counts as received that year, for
    # that year's work (công trạng: the list has no other basis).
    for year, titles in _titles_by_year(facts).items():
        if wanted.isdisjoint(titles):
            continue
        for award_id in titles:
            if award_id in wanted and not any(
                a.award == award_id and a.end_year == year for a in found
            ):
                found.append(AwardFact(award_id, year, basis=TITLE_BASIS))
    return found


def _titles_by_year(facts: Facts) -> dict[int, tuple[str, ...]]:
    """The award ids of each year's non-empty `titles` list, in the facts' order (per facts)."""
    found = facts.memo.get("titles_by_year")
    if found is None:
        found = facts.memo["titles_by_year"] = {
            year: tuple(t.award for t in year_facts.titles)
            for year, year_facts in facts.years.items()
            if year_facts.titles
        }
    return found


def latest_award_end(
    kb: KnowledgeBase,
    facts: Facts,
    award_ids: Sequence[str],
    before: int,
    uncertain_merit: bool = True,
) -> tuple[int | None, bool]:
    """(last achievement year of the latest such award ending before `before`, history known)."""
    latest: int | None = None
    for record in merit_awards(kb, facts, award_ids, uncertain_merit):
        end = record.end_year
        if end is not None and end < before and (latest is None or end > latest):
            latest = end
    wanted = set(award_ids)
    for year, titles in _titles_by_year(facts).items():
        if year < before and (latest is None or year > latest) and not wanted.isdisjoint(titles):
            latest = year
    # An award whose công trạng history is open before year Y (`earlier_known: false`) is
    # known only when a later award (from Y on) bounds the count anyway.
    opened = facts.history_open
    if opened:
        for award_id in award_ids:
            since = opened.get(award_id)
            if since is not None and (latest is None or latest < since):
                return latest, False
    if facts.awards is not None:
        return latest, True
    history = facts.award_history
    if all(a in history for a in award_ids):
        return latest, True
    # One history: complete titles lists for every later year say no later such award.
    known = latest is not None and all(
        facts.year(y).titles is not None for y in range(latest + 1, before)
    )
    return latest, known


def titles_years(facts: Facts, award_ids: Sequence[str]) -> list[int]:
    """Years in which one of `award_ids` appears in the yearly `titles` lists."""
    wanted = set(award_ids)
    return [y for y, titles in _titles_by_year(facts).items() if not wanted.isdisjoint(titles)]


def holds_title(facts: Facts, year: int, award_ids: Sequence[str]) -> bool | None:
    """Did the nominee hold one of `award_ids` for `year`? None when that is unknown."""
    key = ("holds_title", year, *award_ids)
    memo = facts.memo
    found = memo.get(key, _ABSENT)
    if found is not _ABSENT:
        return found
    held = memo[key] = _holds_title(facts, year, award_ids)
    return held


_ABSENT = object()


def _holds_title(facts: Facts, year: int, award_ids: Sequence[str]) -> bool | None:
    titles = _titles_by_year(facts).get(year)
    if titles is not None:
        for award_id in award_ids:
            if award_id in titles:
                return True
    received = _received(facts)
    if received:
        for award_id in award_ids:
            if (award_id, year) in received:
                return True
    history = facts.award_history
    if history:
        for award_id in award_ids:
            if year in history.get(award_id, ()):
                return True
    year_facts = facts.year(year)
    if year_facts.titles is not None:
        return False
    not_titles = year_facts.not_titles
    for award_id in award_ids:
        if award_id not in history and award_id not in not_titles:
            return None
    return False


def _received(facts: Facts) -> frozenset[tuple[str, int | None]]:
    """(award, last achievement year) of every non-revoked record of `awards` (per facts)."""
    found = facts.memo.get("received")
    if found is None:
        found = facts.memo["received"] = frozenset(
            (record.award, record.end_year)
            for record in facts.awards or ()
            if record.revoked is not True
        )
    return found


def title_to_ask(facts: Facts, year: int, award_ids: Sequence[str]) -> str:
    """Which of `award_ids` to ask about for `year`: the first not yet known not held."""
    excluded = facts.year(year).not_titles
    return next((a for a in award_ids if a not in excluded), award_ids[0])


def initiatives_of(facts: Facts, year: int) -> Sequence[Initiative] | None:
    """The initiatives of `year`; None when neither the global nor the year's list is given."""
    key = ("initiatives_of", year)
    memo = facts.memo
    if key in memo:
        return memo[key]
    yearly = facts.year(year).initiatives
    found: tuple[Initiative, ...] | None = None
    if facts.initiatives is not None or yearly is not None:
        found = (*(i for i in facts.initiatives or () if i.year == year), *(yearly or ()))
    memo[key] = found
    return found


UNKNOWN_ROUTE = "unknown"


def route_stated(facts: Facts, year: int) -> bool:
    """Was the route of the year's Chiến sĩ thi đua cơ sở stated (not inferred)?"""
    return any(
        t.award == "chien_si_thi_dua_co_so" and t.route for t in facts.year(year).titles or ()
    )


def title_route(kb: KnowledgeBase, facts: Facts, year: int) -> str | None:
    """How the year's Chiến sĩ thi đua cơ sở was earned: stated, or inferred from the rating
    (without an HTXS rating it must have rested on an initiative or research); `UNKNOWN_ROUTE`
    when neither the route nor the year's rating is known."""
    year_facts = facts.year(year)
    for title in year_facts.titles or ():
        if title.award == "chien_si_thi_dua_co_so":
            if title.route:
                return title.route
            if year_facts.rating is None:
                return UNKNOWN_ROUTE
            return "htxs" if year_facts.rating == kb.vocabulary.ratings[0] else "initiative"
    return None


def is_stated_none(value: object) -> bool:
    return value == NONE
