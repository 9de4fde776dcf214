"""Who is talking: a registered officer (with unit and role), the local console, or a guest."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation.turn import Turn
from bot.conversation.viewer import Role, Viewer
from bot.db import officers
from bot.db.models import Officer, Unit
from bot.province import unit_province_sync


async def identify(turn: Turn) -> Viewer:
    """Look the user up; admins listed in TDKT_ADMIN_IDS are admins even before registering.

    Any update from a registered user in their private chat records that chat: an officer
    imported without ever opening the bot becomes reachable, and one made inactive only because
    they had blocked the bot is active again (no new invite needed).
    """
    if turn.local_console:
        return turn.console_viewer or Viewer(Role.ADMIN, full_name=turn.full_name)
    found = await turn.services.db.read(_read_identity, turn.user_id)
    if found is not None:
        officer, unit, province = found
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


def _read_identity(session: Session, user_id: int) -> tuple[Officer, Unit, str | None] | None:
    """The officer with this Telegram id, their unit and its province, in one `Database.read`
    (plain sqlite3 on a SQLite file, no transaction on PostgreSQL: ADR 006)."""
    row = session.execute(
        select(Officer, Unit)
        .join(Unit, Unit.id == Officer.unit_id)
        .where(Officer.telegram_user_id == user_id)
    ).first()
    if row is None:
        return None
    officer, unit = row
    return officer, unit, unit.province or unit_province_sync(session, unit.parent_id)
