"""Buttons already sitting in users' chats keep working: the reminders (`rm:`) and dossier-check
(`dh:`) payload strings parse to a verb with an action, and encode back to the same string."""

from __future__ import annotations

import pytest

from bot.chat.dossier import actions as dossier_actions
from bot.chat.dossier.codec import Payload as DossierPayload
from bot.chat.dossier.codec import Verb as DossierVerb
from bot.chat.reminders import actions as remind_actions
from bot.chat.reminders.codec import Payload as RemindPayload
from bot.chat.reminders.codec import Verb as RemindVerb
from bot.conversation.callbacks import StaleButton

OLD_REMINDER_BUTTONS = ["z:12", "d:12", "dy:12", "dn:12", "p:on", "g:off", "s", "sd", "sd:3",
                        "st", "st:0730", "sr", "c:list", "c:new", "c:7", "e:7:mv:12", "e:7:add",
                        "w:all", "w:k:thuong_xuyen", "w:save", "w:x"]
OLD_DOSSIER_BUTTONS = ["go", "cp:3", "cp:-", "mau", "sb", "sp:HS-2026-0001", "fl:HS-2026-0001",
                       "nw", "nwy", "nwn", "rd", "pg:2", "cl", "bk", "a:0badc0de:y",
                       "q:ab12cd34:award_code"]


@pytest.mark.parametrize("data", OLD_REMINDER_BUTTONS)
def test_old_reminder_buttons_round_trip(data: str) -> None:
    assert RemindPayload.parse(data).encode() == f"rm:{data}"


@pytest.mark.parametrize("data", OLD_DOSSIER_BUTTONS)
def test_old_dossier_buttons_parse_to_a_verb(data: str) -> None:
    payload = DossierPayload.parse(data)
    assert ":".join(filter(None, [payload.verb.value, payload.rest])) == data


def test_every_verb_has_an_action() -> None:
    assert set(remind_actions.BUTTONS) == set(RemindVerb)
    handled = {*dossier_actions.BUTTONS, *dossier_actions.DRAFT_BUTTONS, DossierVerb.CHECKLIST}
    assert handled == set(DossierVerb)


@pytest.mark.parametrize("parse", [RemindPayload.parse, DossierPayload.parse])
def test_an_unknown_verb_is_a_stale_button(parse: object) -> None:
    with pytest.raises(StaleButton):
        parse("zz:1")  # type: ignore[operator]
