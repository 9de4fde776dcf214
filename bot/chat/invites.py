"""Binding an officer to a unit with a single-use invite code (`/start <code>` or a deep link).

Every attempt is charged to the user's budget (`bot.status.ratelimit`, 20 at once then 20 a
minute; a guest spends it on nothing else), and an unknown, used or expired code gets one and
the same reply, so trying codes tells nothing and soon has to wait.
"""

from __future__ import annotations

from bot.chat.menu import menu_buttons
from bot.conversation.turn import Turn
from bot.db import officers
from bot.identify import identify
from bot.render import Reply
from bot.status.ratelimit import take

_REFUSALS = (officers.InviteNotFound, officers.InviteExpired, officers.InviteUsed)


async def redeem(turn: Turn, code: str) -> list[Reply]:
    r = turn.services.renderer
    viewer = await identify(turn)
    if viewer.officer_id is not None:
        return [
            r.reply(
                "errors/already_registered.j2", buttons=menu_buttons(r), unit_name=viewer.unit_name
            )
        ]
    async with turn.services.db.session() as session, session.begin():
        wait = await take(session, turn.user_id, turn.now)
    if wait:
        return [r.reply("errors/invite_too_many.j2", seconds=wait)]
    try:
        async with turn.services.db.session() as session, session.begin():
            officer = await officers.redeem_invite(
                session, code, turn.user_id, turn.full_name, turn.chat_id, turn.now
            )
            unit_name = await officers.unit_name(session, officer.unit_id)
            role = officer.role
    except _REFUSALS:
        return [r.reply("errors/invite_invalid.j2", code=code[: officers.MAX_CODE_LENGTH])]
    return [
        r.reply(
            "common/invite_ok.j2",
            buttons=menu_buttons(r),
            role_label=r.label(f"roles.{role}"),
            unit_name=unit_name,
        )
    ]
