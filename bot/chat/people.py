"""The people journey (`/canbo`): reviewers and admins see who is registered per unit of their
scope, create invites (code + link) for a unit and role, and deactivate an officer after a
confirmation that states the consequence.

Buttons (`pp:` prefix): `p:<offset>` units page · `u:<unit id>` a unit's people · `i:<unit
id>:<role>` create an invite · `d:<officer id>` ask to deactivate · `dy:<officer id>` confirm.
Every button is checked again against the scope (`bot.status.people`): a forged one outside it
is answered as a stale button and changes nothing.
"""

from __future__ import annotations

from bot.chat.router import Journey
from bot.conversation.callbacks import StaleButton, encode, number, parts
from bot.conversation.turn import Turn
from bot.conversation.viewer import Role
from bot.errors import AccessDenied
from bot.identify import identify
from bot.invites_admin import invite_link
from bot.render import Button, Renderer, Reply
from bot.status import people
from bot.status.access import Principal, resolve

PREFIX = "pp"
PAGE = 8
SHOWN_WITHOUT = 10
BUTTON_CHARS = 48


async def _principal(turn: Turn) -> Principal:
    viewer = await identify(turn)
    async with turn.services.db.read_session() as session:
        return await resolve(session, viewer)


def _only_staff(r: Renderer) -> list[Reply]:
    return [r.reply("people/only_staff.j2")]


def _cut(text: str) -> str:
    return text if len(text) <= BUTTON_CHARS else text[: BUTTON_CHARS - 1] + "…"


async def overview(turn: Turn, offset: int = 0) -> list[Reply]:
    """Units in scope, those with no registered officer first, with their counts."""
    r = turn.services.renderer
    principal = await _principal(turn)
    if principal.role not in people.INVITE_ROLES:
        return _only_staff(r)
    async with turn.services.db.read_session() as session:
        units = await people.units_in_scope(session, principal)
    without = [u.name for u in units if u.officers == 0]
    page = units[offset : offset + PAGE]
    buttons = [[Button(_cut(r.label("people.unit", name=u.name, count=u.officers)),
                       encode(PREFIX, "u", u.unit_id))] for u in page]
    nav = []
    if offset > 0:
        nav.append(r.button("people.previous", encode(PREFIX, "p", max(0, offset - PAGE))))
    if offset + PAGE < len(units):
        nav.append(r.button("people.more", encode(PREFIX, "p", offset + PAGE)))
    if nav:
        buttons.append(nav)
    return [r.reply("people/overview.j2", buttons=buttons, total=len(units),
                    without=without[:SHOWN_WITHOUT],
                    without_hidden=max(0, len(without) - SHOWN_WITHOUT),
                    without_count=len(without), offset=offset, edit=offset > 0)]


async def unit_view(turn: Turn, unit_id: int) -> list[Reply]:
    r = turn.services.renderer
    principal = await _principal(turn)
    try:
        async with turn.services.db.read_session() as session:
            name, members = await people.unit_people(session, principal, unit_id)
    except AccessDenied:
        raise StaleButton(str(unit_id)) from None
    buttons = [[r.button(f"people.invite.{role}", encode(PREFIX, "i", unit_id, role))]
               for role in people.roles_to_invite(principal)]
    for person in members:
        if person.officer_id == principal.officer_id:
            continue
        if principal.role is Role.ADMIN or person.role == "officer":
            buttons.append([Button(_cut(r.label("people.deactivate", name=person.full_name)),
                                   encode(PREFIX, "d", person.officer_id))])
    buttons.append([r.button("people.back", encode(PREFIX, "p", 0))])
    return [r.reply("people/unit.j2", buttons=buttons, unit_name=name, people=members)]


async def invite(turn: Turn, unit_id: int, role: str) -> list[Reply]:
    r = turn.services.renderer
    principal = await _principal(turn)
    try:
        async with turn.services.db.session() as session, session.begin():
            name, _ = await people.unit_people(session, principal, unit_id)
            created = await people.invite_for_unit(session, principal, unit_id, role, turn.now)
            code, expires_at = created.code, created.expires_at
    except AccessDenied:
        raise StaleButton(f"{unit_id}:{role}") from None
    username = turn.bot_username or turn.services.settings.bot_username
    return [r.reply("people/invite.j2", buttons=[[r.button("people.back_unit",
                                                           encode(PREFIX, "u", unit_id))]],
                    code=code, link=invite_link(username, code), role=role, unit_name=name,
                    expires_at=expires_at)]


async def ask_deactivate(turn: Turn, officer_id: int) -> list[Reply]:
    r = turn.services.renderer
    principal = await _principal(turn)
    try:
        async with turn.services.db.session() as session:
            officer = await people.may_deactivate(session, principal, officer_id)
            name, unit_id, role = officer.full_name, officer.unit_id, officer.role
            unit_name, _ = await people.unit_people(session, principal, unit_id)
    except AccessDenied:
        raise StaleButton(str(officer_id)) from None
    buttons = [[r.button("people.confirm_deactivate", encode(PREFIX, "dy", officer_id))],
               [r.button("people.keep", encode(PREFIX, "u", unit_id))]]
    return [r.reply("people/confirm_deactivate.j2", buttons=buttons, name=name, role=role,
                    unit_name=unit_name)]


async def deactivate(turn: Turn, officer_id: int) -> list[Reply]:
    r = turn.services.renderer
    principal = await _principal(turn)
    try:
        async with turn.services.db.session() as session, session.begin():
            officer = await people.deactivate(session, principal, officer_id, turn.now)
            name, unit_id = officer.full_name, officer.unit_id
    except AccessDenied:
        raise StaleButton(str(officer_id)) from None
    return [r.reply("people/deactivated.j2", name=name,
                    buttons=[[r.button("people.back_unit", encode(PREFIX, "u", unit_id))]]),
            *await unit_view(turn, unit_id)]


async def canbo(turn: Turn) -> list[Reply]:
    return await overview(turn, 0)


async def on_button(turn: Turn) -> list[Reply]:
    action, _, rest = turn.data.partition(":")
    if action == "p":
        return await overview(turn, number(parts(rest, 1)[0]))
    if action == "u":
        return await unit_view(turn, number(parts(rest, 1)[0]))
    if action == "i":
        unit, role = parts(rest, 2)
        return await invite(turn, number(unit), role)
    if action == "d":
        return await ask_deactivate(turn, number(parts(rest, 1)[0]))
    if action == "dy":
        return await deactivate(turn, number(parts(rest, 1)[0]))
    raise StaleButton(turn.data)


JOURNEY = Journey(name="people", commands={"canbo": canbo}, prefix=PREFIX, on_button=on_button)
