"""Binding an officer to a unit with a single-use invite code (`/start <code>` or a deep link)."""

from __future__ import annotations

from bot.access import identify
from bot.chat.menu import menu_buttons
from bot.chat.turn import Turn
from bot.db import officers
from bot.render import Reply

_ERROR_TEMPLATES = {
    officers.InviteNotFound: "errors/invite_not_found.j2",
    officers.InviteExpired: "errors/invite_expired.j2",
    officers.InviteUsed: "errors/invite_used.j2",
}


async def redeem(turn: Turn, code: str) -> list[Reply]:
    r = turn.services.renderer
    viewer = await identify(turn)
    if viewer.officer_id is not None:
        return [
            r.reply(
                "errors/already_registered.j2", buttons=menu_buttons(r), unit_name=viewer.unit_name
            )
        ]
    try:
        async with turn.services.db.session() as session, session.begin():
            officer = await officers.redeem_invite(
                session, code, turn.user_id, turn.full_name, turn.chat_id, turn.now
            )
            unit_name = await officers.unit_name(session, officer.unit_id)
            role = officer.role
    except tuple(_ERROR_TEMPLATES) as error:
        return [r.reply(_ERROR_TEMPLATES[type(error)], code=code)]
    return [
        r.reply(
            "common/invite_ok.j2",
            buttons=menu_buttons(r),
            role_label=r.label(f"roles.{role}"),
            unit_name=unit_name,
        )
    ]
