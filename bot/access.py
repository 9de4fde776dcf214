"""Who is talking: a registered officer (with unit and role), the local console, or a guest."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from bot.chat.turn import Turn
from bot.db import officers
from bot.db.models import Officer, Unit
from bot.province import unit_province


class Role(StrEnum):
    GUEST = "guest"
    OFFICER = "officer"
    REVIEWER = "reviewer"
    ADMIN = "admin"


@dataclass(frozen=True)
class Viewer:
    """The identity behind a turn. Guests may use the law tools but see no unit data."""

    role: Role
    officer_id: int | None = None
    full_name: str | None = None
    unit_id: int | None = None
    unit_name: str | None = None
    # The province whose rules apply to the unit (None: a guest, or not recorded for the unit).
    province: str | None = None

    @property
    def registered(self) -> bool:
        return self.role is not Role.GUEST


async def identify(turn: Turn) -> Viewer:
    """Look the user up; admins listed in TDKT_ADMIN_IDS are admins even before registering.

    Any update from a registered user in their private chat records that chat: an officer
    imported without ever opening the bot becomes reachable, and one made inactive only because
    they had blocked the bot is active again (no new invite needed).
    """
    if turn.local_console:
        return turn.console_viewer or Viewer(Role.ADMIN, full_name=turn.full_name)
    async with turn.services.db.session() as session:
        row = (
            await session.execute(
                select(Officer, Unit)
                .join(Unit, Unit.id == Officer.unit_id)
                .where(Officer.telegram_user_id == turn.user_id)
            )
        ).first()
        province = None
        if row is not None:
            province = row[1].province or await unit_province(session, row[1].parent_id)
    if row is not None:
        officer, unit = row
        active = bool(officer.active)
        if turn.chat_id == turn.user_id and officers.needs_seen(officer, turn.chat_id):
            async with turn.services.db.session() as session, session.begin():
                active = await officers.seen(session, officer.id, turn.chat_id, turn.now) or active
        if active:
            return Viewer(
                Role(officer.role), officer.id, officer.full_name, unit.id, unit.name, province
            )
    if turn.user_id in turn.services.settings.admin_id_set:
        return Viewer(Role.ADMIN, full_name=turn.full_name)
    return Viewer(Role.GUEST, full_name=turn.full_name)
