"""The name vocabulary held in process, and the full names a query can stand for.

`name_vocab` (family names, middle names, given names, folded) is small next to the nominees
— hundreds to a few thousand words — so each process keeps a copy per database and indexes it
by deletion neighbourhood: every word under itself and under each one-letter deletion of it.
Two words one typo apart (a letter dropped, added, replaced, or two neighbours swapped) share
an entry, so the near words of a query word are a few dictionary probes, whatever the letter
the typo hit (the first one too).

`candidate_names` turns a query into the full names it can stand for — each word given a role
(family, middle, given) in the typed order or another, and at most one word corrected to a
vocabulary word one typo away — with a cost: one per typo and one when the order is not the
typed one. The search then reads those names, cheapest first.

The copy learns the names this process indexes at once, and is reloaded `MAX_AGE` seconds
after it was read (for names other processes indexed); a word it does not know yet only makes
the search take its slower path, never miss.
"""

from __future__ import annotations

import itertools
import threading
import time
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models_status import NameVocab

FAMILY, MIDDLE, GIVEN = "f", "m", "g"
# Reloading costs one read of the whole vocabulary (tens of ms for tens of thousands of words):
# rare enough to stay out of the 99th percentile. Until then, a word another process added
# makes a mistyped search take the slower path.
MAX_AGE = 600.0
MAX_TYPOS = 1
# Queries of more words are left to the slower path (their orders multiply).
MAX_WORDS = 5
# A one-letter word is an initial, not a typo (but see `_near_or_self`).
MIN_CORRECTED = 2


@dataclass
class NameLexicon:
    """The vocabulary of one database: words by kind, and the deletion index over all words."""

    family: set[str] = field(default_factory=set)
    middle: set[str] = field(default_factory=set)
    given: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)  # every word of every kind
    deletions: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, entries: Iterable[tuple[str, str]]) -> NameLexicon:
        vocab = cls()
        vocab.add(entries)
        return vocab

    def add(self, entries: Iterable[tuple[str, str]]) -> None:
        """Learn (kind, token) entries; unknown kinds are ignored."""
        kinds = {FAMILY: self.family, MIDDLE: self.middle, GIVEN: self.given}
        words: set[str] = set()
        for kind, token in entries:
            if kind in kinds and token not in kinds[kind]:
                kinds[kind].add(token)
                words.update(token.split())
        self.words |= words
        for word in words:
            for variant in _variants(word):
                self.deletions.setdefault(variant, set()).add(word)

    def knows(self, words: Sequence[str]) -> bool:
        """Is this name (two words or more) made of known words, each in its place?"""
        middle = " ".join(words[1:-1])
        return (
            words[0] in self.family
            and words[-1] in self.given
            and (not middle or middle in self.middle)
        )

    def near(self, word: str) -> dict[str, int]:
        """The words at most one typo from `word`, with their distance (0 = itself)."""
        found: dict[str, int] = {}
        for variant in _variants(word):
            for candidate in self.deletions.get(variant, ()):
                if candidate not in found:
                    distance = OSA.distance(word, candidate, score_cutoff=MAX_TYPOS)
                    if distance <= MAX_TYPOS:
                        found[candidate] = distance
        return found


def _variants(word: str) -> set[str]:
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


@dataclass(frozen=True)
class NameCandidate:
    folded: str
    cost: int  # typos corrected + 1 when the words were reordered


def candidates_apply(words: Sequence[str]) -> bool:
    """Does `candidate_names` consider a query of these words (2 to MAX_WORDS words)?"""
    return 2 <= len(words) <= MAX_WORDS


def candidate_names(vocab: NameLexicon, words: Sequence[str]) -> list[NameCandidate]:
    """The full names `words` can stand for, each at its lowest cost, cheapest first (the typed
    name itself, cost 0, included when every word is known in its place). A space left out
    ("nguyenvan tam") is the one typo of its query."""
    best: dict[str, int] = {}
    _gather(vocab, words, 0, best)
    for split in _splits(vocab, words):
        _gather(vocab, split, 1, best)
    return sorted(
        (NameCandidate(name, cost) for name, cost in best.items()), key=lambda c: (c.cost, c.folded)
    )


def _gather(vocab: NameLexicon, words: Sequence[str], spent: int, best: dict[str, int]) -> None:
    n = len(words)
    if not candidates_apply(words):
        return
    # A query already corrected (a split word) gets no further correction.
    near = (
        [{w: 0} for w in words]
        if spent
        else [_near_or_self(vocab, w, first=i == 0) for i, w in enumerate(words)]
    )
    for family_at, given_at in itertools.permutations(range(n), 2):
        rest = [i for i in range(n) if i not in (family_at, given_at)]
        for middle_order in set(itertools.permutations(rest)):
            moved = int((family_at, *middle_order, given_at) != tuple(range(n)))
            for name, typos in _fillings(vocab, words, near, family_at, middle_order, given_at):
                cost = spent + typos + moved
                if cost < best.get(name, cost + 1):
                    best[name] = cost


def _splits(vocab: NameLexicon, words: Sequence[str]) -> Iterable[list[str]]:
    """The queries with one unknown word split in two known words ("nguyenvan" → "nguyen van")."""
    for i, word in enumerate(words):
        if word in vocab.words:
            continue
        for at in range(MIN_CORRECTED, len(word) - MIN_CORRECTED + 1):
            head, tail = word[:at], word[at:]
            if head in vocab.words and tail in vocab.words:
                yield [*words[:i], head, tail, *words[i + 1 :]]


def _near_or_self(vocab: NameLexicon, word: str, first: bool) -> dict[str, int]:
    """Near words of `word`; a one-letter word is corrected only in first place ("l hung":
    a two-letter family name lost a letter), elsewhere it is an initial ("phan thanh n")."""
    return vocab.near(word) if len(word) >= MIN_CORRECTED or first else {word: 0}


def _fillings(
    vocab: NameLexicon,
    words: Sequence[str],
    near: list[dict[str, int]],
    family_at: int,
    middle_order: tuple[int, ...],
    given_at: int,
) -> Iterable[tuple[str, int]]:
    """The (name, typos) of one word order: every word as typed, or one of them replaced by a
    near word (MAX_TYPOS is 1); each word in the vocabulary of its role."""
    order = [family_at, *middle_order, given_at]
    typed = [words[i] for i in order]
    yield from _valid(vocab, typed, 0)
    for slot, i in enumerate(order):  # one word corrected (MAX_TYPOS = 1)
        for word, distance in near[i].items():
            if distance:
                yield from _valid(vocab, [*typed[:slot], word, *typed[slot + 1 :]], distance)


def _valid(vocab: NameLexicon, words: list[str], typos: int) -> Iterable[tuple[str, int]]:
    family, given, middle = words[0], words[-1], " ".join(words[1:-1])
    if family in vocab.family and given in vocab.given and (not middle or middle in vocab.middle):
        yield " ".join(words), typos


class _Cache:
    """One NameLexicon per database engine, reloaded after `MAX_AGE`; names indexed in this
    process are learnt at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_engine: weakref.WeakKeyDictionary[object, tuple[NameLexicon, float]] = (
            weakref.WeakKeyDictionary()
        )

    def get(self, session: Session) -> NameLexicon:
        engine = session.get_bind()
        now = time.monotonic()
        with self._lock:
            held = self._by_engine.get(engine)
        if held is not None and now - held[1] < MAX_AGE:
            return held[0]
        vocab = NameLexicon.of(
            (str(kind), str(token))
            for kind, token in session.execute(select(NameVocab.kind, NameVocab.token))
        )
        with self._lock:
            self._by_engine[engine] = (vocab, now)
        return vocab

    def learn(self, entries: set[tuple[str, str]]) -> None:
        """Names were indexed in this process: every copy held learns their words now (a
        rolled-back insert only leaves a word that reads no rows)."""
        with self._lock:
            for vocab, _ in self._by_engine.values():
                vocab.add(entries)


vocabularies = _Cache()
