"""Name search at N dossiers: recall@5 and latency per kind of query, SQLite and PostgreSQL.

    .venv/bin/python bench/name_search.py [--rows N] [--queries K] [--sqlite FILE] [--reuse]
                                          [--pg URL]

The data is `bench/status.py`'s (same generator, same seed, so `--sqlite FILE --reuse` times a
database either script loaded): one nominee per dossier, realistic Vietnamese family names by
frequency, 0–2 middle names, 100 common given names, 10,000 units. K nominees are drawn at random
and each is searched for three ways, as an admin over every unit (the worst case), through the
user's path (`search_dossiers`, 5 results):

- plain:   the whole name without diacritics ("nguyen van tam");
- typo:    one typo in one word of three or more letters (two when the name has none): a letter
           dropped, two neighbours swapped or one letter replaced ("nguyen van tma");
- swapped: the words in another order, a rotation ("tam nguyen van", "van tam nguyen").

**Recall@5** counts a query as found when one of the 5 dossiers returned has a nominee with the
target's full name (folded). Names repeat at this size (~100 people are "Nguyễn Văn Tâm" in a
million), and no search can tell namesakes apart by their name, so "the target or a namesake"
is the only fair hit. A typo that turns the name into another person's exact name ("nguyen van
tam" → "nguyen van tan" when there is a Nguyễn Văn Tân) cannot be told from a search for that
person: such queries are counted apart ("lands on a name") and left out of the recall.

Latency is wall time per call (p50/p99, ms) and the CPU time of the measuring thread (the
search runs on it on SQLite; on PostgreSQL it is the client's share); then the wall time of
`search_names` alone (the same queries, without reading the summaries of the dossiers found).
On a shared machine the wall p99 is mostly waiting for a core: the load average is printed
with every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import statistics
import string
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select, text

from bench.status import emptied, load  # the same data
from bot.conversation.viewer import Role
from bot.db.models_status import NomineeSearch
from bot.db.session import Database
from bot.status.access import Principal
from bot.status.lookup import search_dossiers
from bot.status.search import search_names
from bot.text.normalize import fold

KINDS = ("plain", "typo", "swapped")
TOP = 5


def with_typo(words: list[str], rng: random.Random) -> list[str]:
    """One typo (drop, swap of neighbours, or substitution) in one word."""
    long_words = [i for i, w in enumerate(words) if len(w) >= 3] or [
        i for i, w in enumerate(words) if len(w) >= 2
    ]
    i = rng.choice(long_words)
    word = words[i]
    while True:
        kind = rng.choice(("drop", "swap", "substitute"))
        at = rng.randrange(len(word))
        if kind == "drop":
            new = word[:at] + word[at + 1 :]
        elif kind == "swap" and at + 1 < len(word):
            new = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        else:
            new = word[:at] + rng.choice(string.ascii_lowercase) + word[at + 1 :]
        if new != word and new:
            return [*words[:i], new, *words[i + 1 :]]


def swapped(words: list[str], rng: random.Random) -> list[str]:
    """The words rotated ("tam nguyen van", "van tam nguyen"); two words reversed."""
    shift = rng.randrange(1, len(words))
    return words[shift:] + words[:shift]


def make_queries(names: list[str], rng: random.Random) -> dict[str, list[tuple[str, str]]]:
    """(query, target folded name) per kind."""
    out: dict[str, list[tuple[str, str]]] = {k: [] for k in KINDS}
    for name in names:
        words = fold(name).split()
        target = " ".join(words)
        out["plain"].append((target, target))
        out["typo"].append((" ".join(with_typo(words, rng)), target))
        if len(words) > 1:
            out["swapped"].append((" ".join(swapped(words, rng)), target))
    return out


async def targets(db: Database, rows: int, count: int, rng: random.Random) -> list[str]:
    ids = rng.sample(range(1, rows + 1), count)
    async with db.session() as s:
        result = await s.execute(
            select(NomineeSearch.nominee_id, NomineeSearch.folded).where(
                NomineeSearch.nominee_id.in_(ids)
            )
        )
        by_id = dict(result.all())
    return [by_id[i] for i in ids if i in by_id]


async def existing(db: Database, queries: list[str]) -> set[str]:
    """The queries that are some nominee's exact folded name."""
    found: set[str] = set()
    async with db.session() as s:
        for start in range(0, len(queries), 500):
            chunk = queries[start : start + 500]
            result = await s.execute(
                select(NomineeSearch.folded).where(NomineeSearch.folded.in_(chunk)).distinct()
            )
            found.update(result.scalars())
    return found


def load_average() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


async def prepared(url: str, rows: int, label: str, reuse: bool) -> Database:
    db = Database(url)
    await db.upgrade()
    if reuse:
        async with db.session() as s:
            count = (await s.execute(text("SELECT max(id) FROM dossiers"))).scalar()
        if count == rows:
            print(f"[{label}] reusing {rows:,} dossiers", flush=True)
            return db
        db = await emptied(db, url)
    t0 = time.perf_counter()
    await load(db, rows)
    print(f"[{label}] loaded {rows:,} dossiers in {time.perf_counter() - t0:.1f} s", flush=True)
    return db


async def run(url: str, rows: int, count: int, label: str, reuse: bool) -> None:
    db = await prepared(url, rows, label, reuse)
    rng = random.Random(2026)
    names = await targets(db, rows, count, rng)
    queries = make_queries(names, rng)
    gc.collect()
    admin = Principal(Role.ADMIN, None, None, None)
    print(f"[{label}] {len(names)} targets, load average {load_average()}", flush=True)
    for kind in KINDS:
        pairs = queries[kind]
        taken = await existing(db, [q for q, t in pairs if q != t])
        await db.read(search_dossiers, admin, pairs[0][0])  # warm up
        wall: list[float] = []
        cpu: list[float] = []
        hits = counted = 0
        misses: list[str] = []
        for query, target in pairs:
            t0, c0 = time.perf_counter(), time.thread_time()
            found = await db.read(search_dossiers, admin, query, TOP)
            cpu.append((time.thread_time() - c0) * 1000)
            wall.append((time.perf_counter() - t0) * 1000)
            if query != target and query in taken:
                continue
            counted += 1
            names_found = {fold(n) for summary in found for n in summary.nominees}
            if target in names_found:
                hits += 1
            elif len(misses) < 5:
                misses.append(f"{query!r} → {target!r}")
        wall.sort()
        cpu.sort()
        p99 = min(len(wall) - 1, int(len(wall) * 0.99))
        recall = 100.0 * hits / counted if counted else 0.0
        print(
            f"[{label}] {kind:8} recall@{TOP} {recall:6.2f}% ({hits}/{counted}"
            f"{f', {len(pairs) - counted} land on a name' if counted < len(pairs) else ''}); "
            f"wall p50 {statistics.median(wall):.2f} / p99 {wall[p99]:.2f} ms; "
            f"cpu p50 {statistics.median(cpu):.2f} / p99 {cpu[p99]:.2f} ms; "
            f"load {load_average()}",
            flush=True,
        )
        for miss in misses:
            print(f"    missed {miss}", flush=True)
        # The search alone, without the summaries of the dossiers found (`search_dossiers`
        # asks for twice the hits it shows).
        alone = []
        for query, _ in pairs:
            t0 = time.perf_counter()
            await db.read(search_names, query, None, TOP * 2)
            alone.append((time.perf_counter() - t0) * 1000)
        alone.sort()
        print(
            f"[{label}] {kind:8} search_names alone: wall p50 {statistics.median(alone):.2f}"
            f" / p99 {alone[p99]:.2f} ms; load {load_average()}",
            flush=True,
        )
    await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000, help="targets (one query per kind)")
    parser.add_argument("--pg", default=os.environ.get("TDKT_BENCH_PG_URL"))
    parser.add_argument("--sqlite", metavar="FILE", help="keep the SQLite database in FILE")
    parser.add_argument("--reuse", action="store_true", help="time already loaded databases")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    if args.reuse and args.sqlite is None and not args.skip_sqlite:
        parser.error("--reuse needs --sqlite FILE")
    print(f"name search: {args.rows:,} rows, {args.queries} targets, load {load_average()}")
    if not args.skip_sqlite:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            path = args.sqlite or f"{tmp}/bench.db"
            asyncio.run(run(f"sqlite:///{path}", args.rows, args.queries, "sqlite", args.reuse))
    if args.pg:
        if not args.reuse:
            from tests.conftest import drop_all_tables

            asyncio.run(drop_all_tables(args.pg))
        asyncio.run(run(args.pg, args.rows, args.queries, "postgresql", args.reuse))


if __name__ == "__main__":
    main()
