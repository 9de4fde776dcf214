"""Per-user lookup budget: a small in-process token bucket (anti-enumeration of dossier codes).

Why in-process and not in the database: a lookup is a read; charging it in the database would
turn every read into a write (on SQLite, through the single writer lock) and double its latency.
The purpose is to make guessing codes hopeless, not to meter exactly: with N instances behind a
webhook a user gets at most N × the budget, still far below what enumeration of ~887 million
codes per year would need. Time is passed in (`now`), never read here.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

CAPACITY = 20  # lookups in a burst
REFILL_PER_MINUTE = 20.0
MAX_USERS = 50_000  # forget the oldest buckets beyond this (memory bound)


@dataclass
class _Bucket:
    tokens: float
    at: dt.datetime


class LookupLimiter:
    """`take(user, now)` returns 0 when allowed, else the seconds to wait."""

    def __init__(self, capacity: int = CAPACITY, per_minute: float = REFILL_PER_MINUTE) -> None:
        self.capacity = capacity
        self.rate = per_minute / 60.0
        self._buckets: dict[int, _Bucket] = {}

    def take(self, user_id: int, now: dt.datetime) -> int:
        bucket = self._buckets.pop(user_id, None) or _Bucket(float(self.capacity), now)
        elapsed = max((now - bucket.at).total_seconds(), 0.0)
        bucket.tokens = min(float(self.capacity), bucket.tokens + elapsed * self.rate)
        bucket.at = now
        self._buckets[user_id] = bucket  # re-inserted: dict order is recency order
        if len(self._buckets) > MAX_USERS:
            self._buckets.pop(next(iter(self._buckets)))
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0
        return math.ceil((1.0 - bucket.tokens) / self.rate)


LIMITER = LookupLimiter()
