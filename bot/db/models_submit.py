"""Tables of dossier submission: the files filed with a dossier, by content hash.

A filed file is one row per (dossier, content hash): its name, size, the component the readers
recognised, the Telegram `file_id` it came with (so a reviewer can open it in chat) and the
submission round it joined in (1 = the first filing, 2 = the first supplement, …). The bytes of
files filed from the command line, which have no `file_id`, are kept once per content hash in
`file_blobs`. Migration: `0010_dossier_files.py` (must stay identical in effect).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base


class DossierFile(Base):
    """One file of a filed dossier."""

    __tablename__ = "dossier_files"
    __table_args__ = (UniqueConstraint("dossier_id", "sha256", name="uq_dossier_files_content"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"),
                                            index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int | None] = mapped_column(BigInteger)
    component: Mapped[str | None] = mapped_column(String(64))
    telegram_file_id: Mapped[str | None] = mapped_column(String(255))
    round: Mapped[int] = mapped_column(Integer, default=1)
    added_at: Mapped[dt.datetime]


class FileBlob(Base):
    """The bytes of a filed file, stored once per content hash."""

    __tablename__ = "file_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime]
