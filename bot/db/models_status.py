"""Tables of the status feature: the nominee-name search index and its token vocabulary.

Fuzzy search over a million nominees cannot scan every name (perf-reliability §2a): each
nominee gets one row keyed by its folded family name, middle name and given name (first word,
the words between, last word), so a search reads only the few buckets whose keys are close to
the query's; the middle name keeps even "Nguyễn … Anh" buckets small. `name_vocab` holds the
distinct folded family/middle/given names, used to expand a mistyped query word to nearby keys.
Also adds an index for the reviewers' queue (status, SLA due date), and `lookup_budget`, each
user's lookup token bucket (`bot.status.ratelimit`), shared by every instance.

Migrations: `0002_status.py`, `0005_status_search.py`, `0007_lookup_budget.py` (must stay
identical in effect).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base, Dossier


class NomineeSearch(Base):
    """One searchable nominee: folded name split into the keys the search reads by."""

    __tablename__ = "nominee_search"
    __table_args__ = (
        Index("ix_nominee_search_key", "given", "family", "middle"),
        Index("ix_nominee_search_family", "family", "middle"),
        Index("ix_nominee_search_unit_given", "unit_id", "given"),
        Index("ix_nominee_search_folded", "folded"),
    )

    nominee_id: Mapped[int] = mapped_column(
        ForeignKey("nominees.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    family: Mapped[str] = mapped_column(String(64))
    middle: Mapped[str] = mapped_column(String(64), server_default="")
    given: Mapped[str] = mapped_column(String(64))
    folded: Mapped[str] = mapped_column(String(255))


class NameVocab(Base):
    """A distinct folded name part by kind: `f` family, `m` middle (all middle words), `g` given."""

    __tablename__ = "name_vocab"

    kind: Mapped[str] = mapped_column(String(1), primary_key=True)
    token: Mapped[str] = mapped_column(String(64), primary_key=True)


class LookupBudget(Base):
    """One user's lookup token bucket: `tokens` left as of `at` (refilled on the next take)."""

    __tablename__ = "lookup_budget"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    tokens: Mapped[float] = mapped_column(Float)
    at: Mapped[dt.datetime]


# The reviewers' queue reads dossiers by status, most urgent SLA first.
Index("ix_dossiers_status_due", Dossier.status, Dossier.sla_due_on)
