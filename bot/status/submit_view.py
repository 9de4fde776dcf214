"""The reviewer's push for a (re)submitted dossier: who filed what, the check, the files."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Campaign, Dossier, DossierEvent, Nominee, Unit
from bot.db.models_submit import DossierFile
from bot.render import Renderer

MAX_NAMES = 10


async def reviewer_summary(session: AsyncSession, renderer: Renderer, dossier: Dossier,
                           event: DossierEvent) -> str:
    unit = await session.scalar(select(Unit.name).where(Unit.id == dossier.unit_id))
    campaign = None
    if dossier.campaign_id is not None:
        campaign = await session.scalar(select(Campaign.name)
                                        .where(Campaign.id == dossier.campaign_id))
    names = list((await session.scalars(
        select(Nominee.name).where(Nominee.dossier_id == dossier.id).order_by(Nominee.id)
        .limit(MAX_NAMES + 1))).all())
    nominees = await session.scalar(
        select(func.count()).select_from(Nominee).where(Nominee.dossier_id == dossier.id))
    files = list((await session.scalars(
        select(DossierFile.name).where(DossierFile.dossier_id == dossier.id)
        .order_by(DossierFile.id))).all())
    data = event.data or {}
    summary = (dossier.findings or {}).get("summary") or {}
    return renderer.render(
        "dossier_submit/reviewer_push.j2", code=dossier.code, unit=unit or "",
        campaign=campaign, award=renderer.award_group(dossier.award), names=names[:MAX_NAMES],
        nominees=int(nominees or 0), more=max(int(nominees or 0) - MAX_NAMES, 0),
        round=int(data.get("round", 1)), added=int(data.get("files", 0)), files=files,
        errors=int(summary.get("errors", 0)), warnings=int(summary.get("warnings", 0)),
        reason=event.note if data.get("forced") else None)
