"""Filing a checked dossier in the shared database, and filing a supplement to it.

`file_new` creates the dossier for the unit with status `submitted` (its nominees, award,
campaign, manifest, check report and files) and its first event; `file_supplement` adds the new
files of a dossier that awaits a supplement, replaces its manifest and report, and moves it back
to `submitted` through the workflow (`bot.status.service.change_status`). Both refuse while the
check has errors unless a reason is given (stored as the event's note, so the reviewer reads it
on the card), and both plan the reviewers' push in the outbox. The caller commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import audit
from bot.db.models import Campaign, Dossier, DossierEvent
from bot.db.models_submit import DossierFile, FileBlob
from bot.db.upsert import insert_or_ignore
from bot.render import Renderer
from bot.status import notify
from bot.status.access import Action, Principal, require
from bot.status.errors import DossierNotFound
from bot.status.service import NewNominee, change_status, create_dossier, refresh_sla
from knowledge.loader import KnowledgeBase

SUBMITTED = "submitted"
AWAITING = "needs_supplement"
MAX_REASON = 1000


@dataclass(frozen=True)
class FiledFile:
    """One file to file: `content` only when there is no Telegram `file_id` to open it by."""

    name: str
    sha256: str
    size: int | None = None
    component: str | None = None
    file_id: str | None = None
    content: bytes | None = None


@dataclass(frozen=True)
class Filing:
    """What the check produced, ready to file."""

    award: str
    nominees: Sequence[NewNominee]
    manifest: dict[str, Any]
    report: dict[str, Any]  # {"findings": [...], "summary": {"errors", "warnings", ...}}
    files: Sequence[FiledFile] = ()
    basis: str | None = None
    procedure: str = "regular"
    campaign_code: str | None = None
    reason: str | None = None  # why the officer files despite errors

    @property
    def errors(self) -> int:
        return int((self.report.get("summary") or {}).get("errors", 0))

    @property
    def warnings(self) -> int:
        return int((self.report.get("summary") or {}).get("warnings", 0))


@dataclass(frozen=True)
class Filed:
    code: str
    dossier_id: int
    round: int
    files: int
    reviewers: int
    forced: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class SubmissionBlocked(Exception):
    """The check has errors and no reason was given."""

    def __init__(self, errors: int) -> None:
        super().__init__(errors)
        self.errors = errors


class NotAwaitingSupplement(Exception):
    """A supplement was sent for a dossier whose status does not ask for one."""

    def __init__(self, code: str, status: str) -> None:
        super().__init__(code, status)
        self.code = code
        self.status = status


def _reason(filing: Filing) -> str | None:
    reason = (filing.reason or "").strip()[:MAX_REASON] or None
    if filing.errors and reason is None:
        raise SubmissionBlocked(filing.errors)
    return reason if filing.errors else None


async def _campaign_id(session: AsyncSession, code: str | None) -> int | None:
    if not code:
        return None
    return await session.scalar(select(Campaign.id).where(Campaign.code == code))


async def _add_files(session: AsyncSession, dossier_id: int, files: Sequence[FiledFile],
                     round_no: int, now: dt.datetime) -> int:
    """Files not filed with this dossier yet (by content hash); returns how many were added."""
    have = set((await session.scalars(
        select(DossierFile.sha256).where(DossierFile.dossier_id == dossier_id))).all())
    added = 0
    for f in files:
        if f.sha256 in have:
            continue
        have.add(f.sha256)
        if f.content is not None:
            await insert_or_ignore(
                session, FileBlob.__table__,  # type: ignore[arg-type]
                {"sha256": f.sha256, "size": len(f.content), "content": f.content,
                 "created_at": now}, ("sha256",), "sha256")
        session.add(DossierFile(dossier_id=dossier_id, sha256=f.sha256, name=f.name[:255],
                                size=f.size, component=f.component, telegram_file_id=f.file_id,
                                round=round_no, added_at=now))
        added += 1
    await session.flush()
    return added


def _event_data(filing: Filing, round_no: int, added: int) -> dict[str, Any]:
    return {"round": round_no, "files": added, "errors": filing.errors,
            "warnings": filing.warnings, "forced": bool(filing.errors)}


async def file_new(session: AsyncSession, principal: Principal, filing: Filing,
                   now: dt.datetime, tz: ZoneInfo, renderer: Renderer,
                   kb: KnowledgeBase) -> Filed:
    """File a new dossier for the principal's unit, status `submitted`."""
    unit_id = principal.unit_id
    if unit_id is None:
        raise DossierNotFound("")
    require(principal, Action.ACT_FOR_UNIT, unit_id)
    reason = _reason(filing)
    dossier = await create_dossier(
        session, unit_id, filing.award, filing.nominees, now, actor=principal.officer_id,
        campaign_id=await _campaign_id(session, filing.campaign_code), basis=filing.basis,
        procedure=filing.procedure, status=SUBMITTED)
    dossier.manifest = filing.manifest
    dossier.findings = filing.report
    added = await _add_files(session, dossier.id, filing.files, 1, now)
    event = await session.scalar(select(DossierEvent).where(DossierEvent.dossier_id == dossier.id))
    assert event is not None
    event.note = reason
    event.data = _event_data(filing, 1, added)
    await session.flush()
    await refresh_sla(session, dossier.id, dossier.award, now, tz, kb)
    await audit.record(session, principal.officer_id, "dossier.submit", ("dossier", dossier.code),
                       unit_id, {"files": added, "forced": reason is not None}, now)
    reviewers = await notify.plan_reviewer_notices(session, renderer, dossier, event, now)
    return Filed(dossier.code, dossier.id, 1, added, reviewers, reason is not None)


async def awaiting(session: AsyncSession, principal: Principal, code: str) -> Dossier:
    """The dossier `code` if the principal acts for its unit and it awaits a supplement."""
    dossier = await session.scalar(select(Dossier).where(Dossier.code == code))
    if dossier is None:
        raise DossierNotFound(code)
    require(principal, Action.VIEW, dossier.unit_id)
    if dossier.status != AWAITING:
        raise NotAwaitingSupplement(dossier.code, dossier.status)
    return dossier


async def file_supplement(session: AsyncSession, principal: Principal, code: str,
                          filing: Filing, now: dt.datetime, tz: ZoneInfo,
                          renderer: Renderer, kb: KnowledgeBase) -> Filed:
    """Add the supplement's files to dossier `code` and move it back to `submitted`."""
    dossier = await awaiting(session, principal, code)
    reason = _reason(filing)
    round_no = 1 + int(await session.scalar(
        select(DossierFile.round).where(DossierFile.dossier_id == dossier.id)
        .order_by(DossierFile.round.desc()).limit(1)) or 1)
    # The reviewers get the summary with the supplement's files below, not a bare notice.
    changed = await change_status(session, principal, dossier.code, SUBMITTED, now, tz, renderer,
                                  kb=kb, note=reason, expected_version=dossier.version,
                                  notify_other_side=False)
    added = await _add_files(session, dossier.id, filing.files, round_no, now)
    await session.execute(
        update(Dossier).where(Dossier.id == dossier.id)
        .values(manifest=filing.manifest, findings=filing.report)
        .execution_options(synchronize_session=False))
    event = await session.get(DossierEvent, changed.event_id)
    assert event is not None
    event.data = _event_data(filing, round_no, added)
    await session.flush()
    await audit.record(session, principal.officer_id, "dossier.supplement",
                       ("dossier", dossier.code), dossier.unit_id,
                       {"files": added, "round": round_no}, now)
    fresh = await session.get(Dossier, dossier.id)
    assert fresh is not None
    reviewers = await notify.plan_reviewer_notices(session, renderer, fresh, event, now)
    return Filed(dossier.code, dossier.id, round_no, added, reviewers, reason is not None)


async def filed_files(session: AsyncSession, principal: Principal, code: str,
                      limit: int) -> list[FiledFile]:
    """The files filed with dossier `code` (oldest first), if the principal may see it."""
    dossier = await session.scalar(select(Dossier).where(Dossier.code == code))
    if dossier is None:
        raise DossierNotFound(code)
    require(principal, Action.VIEW, dossier.unit_id)
    rows = (await session.execute(
        select(DossierFile, FileBlob.content)
        .outerjoin(FileBlob, FileBlob.sha256 == DossierFile.sha256)
        .where(DossierFile.dossier_id == dossier.id)
        .order_by(DossierFile.round, DossierFile.id).limit(limit))).all()
    return [FiledFile(name=f.name, sha256=f.sha256, size=f.size, component=f.component,
                      file_id=f.telegram_file_id, content=None if f.telegram_file_id else content)
            for f, content in rows]
