"""Who is at the terminal (`tdkt chat`): asked, or given with `--as ROLE --unit U`.

The console is never an admin by default: a reviewer or officer acts as a registered officer of
that role in that unit (their scope, their lists); with no answer the console is a guest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from sqlalchemy import select

from bot.conversation.viewer import Role, Viewer
from bot.db.models import Officer
from bot.errors import InputError
from bot.invites_admin import find_unit
from bot.province import unit_province
from bot.render import Renderer
from bot.services import Services

ROLE_CHOICES = {"1": Role.GUEST, "2": Role.OFFICER, "3": Role.REVIEWER, "4": Role.ADMIN}


async def console_viewer(
    services: Services,
    renderer: Renderer,
    role: str | None,
    unit_text: str | None,
    read_line: Callable[[], str],
    output: TextIO,
) -> Viewer:
    """The identity of this terminal session (asks on `output` when `role` is None)."""
    if role is None:
        print(renderer.render("terminal/who.j2"), file=output)
        answer = read_line().strip().lower()
        chosen = ROLE_CHOICES.get(answer) or next(
            (r for r in Role if r.value == answer), Role.GUEST
        )
    else:
        chosen = Role(role)
    if chosen is Role.ADMIN:
        return Viewer(Role.ADMIN, full_name=renderer.label("terminal.admin_name"))
    if chosen is Role.GUEST:
        return Viewer(Role.GUEST, full_name=renderer.label("terminal.guest_name"))
    if unit_text is None:
        print(renderer.label("terminal.ask_unit"), file=output)
        unit_text = read_line().strip()
    try:
        unit = await find_unit(services.db, unit_text)
    except InputError:
        print(renderer.label("terminal.unknown_unit", unit=unit_text), file=output)
        return Viewer(Role.GUEST, full_name=renderer.label("terminal.guest_name"))
    async with services.db.session() as session:
        officer = (await session.execute(
            select(Officer).where(Officer.unit_id == unit.id, Officer.role == chosen.value,
                                  Officer.active.is_(True)).order_by(Officer.id).limit(1)
        )).scalar_one_or_none()
        province = await unit_province(session, unit.id)
    if officer is None:
        print(renderer.label("terminal.no_officer", unit=unit.name,
                             role=renderer.label(f"roles.{chosen.value}")), file=output)
        return Viewer(Role.GUEST, full_name=renderer.label("terminal.guest_name"))
    return Viewer(chosen, officer.id, officer.full_name, unit.id, unit.name, province)
