"""The authorisation matrix: each role × each action × own unit / sub-unit / other unit."""

from __future__ import annotations

import pytest

from bot.errors import AccessDenied
from bot.status.access import Action, can, require
from tests.status.conftest import Province

# (who, action, which unit) → allowed. "own" = the officer's unit; "sub" = a unit below it;
# "other" = an unrelated unit. The reviewer's scope is the officers' unit `own`.
MATRIX = {
    "officer": {
        Action.VIEW: {"own": True, "sub": False, "other": False},
        Action.ACT_FOR_UNIT: {"own": True, "sub": False, "other": False},
        Action.REVIEW: {"own": False, "sub": False, "other": False},
        Action.EXPORT: {"own": False, "sub": False, "other": False},
        Action.IMPORT_DOSSIERS: {"own": False, "sub": False, "other": False},
        Action.MANAGE: {"own": False, "sub": False, "other": False},
        Action.CAMPAIGN: {"own": False, "sub": False, "other": False},
    },
    "officer_sub": {
        Action.VIEW: {"own": True, "sub": True, "other": False},
        Action.ACT_FOR_UNIT: {"own": True, "sub": True, "other": False},
        Action.REVIEW: {"own": False, "sub": False, "other": False},
        Action.EXPORT: {"own": False, "sub": False, "other": False},
        Action.IMPORT_DOSSIERS: {"own": False, "sub": False, "other": False},
        Action.MANAGE: {"own": False, "sub": False, "other": False},
        Action.CAMPAIGN: {"own": False, "sub": False, "other": False},
    },
    "reviewer": {
        Action.VIEW: {"own": True, "sub": True, "other": False},
        Action.ACT_FOR_UNIT: {"own": False, "sub": False, "other": False},
        Action.REVIEW: {"own": True, "sub": True, "other": False},
        Action.EXPORT: {"own": True, "sub": True, "other": False},
        Action.IMPORT_DOSSIERS: {"own": True, "sub": True, "other": False},
        Action.MANAGE: {"own": False, "sub": False, "other": False},
        Action.CAMPAIGN: {"own": True, "sub": True, "other": False},
    },
    "admin": {action: {"own": True, "sub": True, "other": True} for action in Action},
    "guest": {action: {"own": False, "sub": False, "other": False} for action in Action},
}

CASES = [
    (who, action, where, allowed)
    for who, actions in MATRIX.items()
    for action, places in actions.items()
    for where, allowed in places.items()
]


@pytest.mark.parametrize(("who", "action", "where", "allowed"), CASES)
async def test_authorisation_matrix(
    province: Province, who: str, action: Action, where: str, allowed: bool
) -> None:
    officer = None if who == "guest" else getattr(province, who)
    principal = await province.principal(officer)
    unit = {"own": province.own, "sub": province.sub, "other": province.other}[where]
    assert can(principal, action, unit) is allowed
    if allowed:
        require(principal, action, unit)
    else:
        with pytest.raises(AccessDenied):
            require(principal, action, unit)


async def test_inactive_officer_is_a_guest(province: Province) -> None:
    async with province.db.session() as session, session.begin():
        officer = await session.get(type(province.officer), province.officer.id)
        assert officer is not None
        officer.active = False
    principal = await province.principal(province.officer)
    assert not can(principal, Action.VIEW, province.own)
