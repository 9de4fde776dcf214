"""Buttons already sitting in users' chats keep working: the reminders (`rm:`), dossier-check
(`dh:`), eligibility (`el:`) and status (`st:`) payload strings parse to a verb with an action,
and encode back to the same string."""

from __future__ import annotations

import pytest

from bot.chat.dossier import actions as dossier_actions
from bot.chat.dossier.codec import Payload as DossierPayload
from bot.chat.dossier.codec import Verb as DossierVerb
from bot.chat.eligibility import actions as eligibility_actions
from bot.chat.eligibility.codec import Keys as EligibilityKeys
from bot.chat.eligibility.codec import Payload as EligibilityPayload
from bot.chat.eligibility.codec import Verb as EligibilityVerb
from bot.chat.reminders import actions as remind_actions
from bot.chat.reminders.codec import Payload as RemindPayload
from bot.chat.reminders.codec import Verb as RemindVerb
from bot.chat.status import actions as status_actions
from bot.chat.status.codec import Payload as StatusPayload
from bot.chat.status.codec import Verb as StatusVerb
from bot.chat.status.codec import data as status_data
from bot.conversation.callbacks import StaleButton

OLD_REMINDER_BUTTONS = ["z:12", "d:12", "dy:12", "dn:12", "p:on", "g:off", "s", "sd", "sd:3",
                        "st", "st:0730", "sr", "c:list", "c:new", "c:7", "e:7:mv:12", "e:7:add",
                        "w:all", "w:k:thuong_xuyen", "w:save", "w:x"]
OLD_DOSSIER_BUTTONS = ["go", "cp:3", "cp:-", "mau", "sb", "sp:HS-2026-0001", "fl:HS-2026-0001",
                       "nw", "nwy", "nwn", "rd", "pg:2", "cl", "bk", "a:0badc0de:y",
                       "q:ab12cd34:award_code"]
OLD_ELIGIBILITY_BUTTONS = ["3:aw:chien_si_thi_dua_co_so", "3:aw:all", "3:kd:individual",
                           "3:kd:collective", "3:sj:12", "3:sj:skip", "3:yr:2025", "3:an:yes",
                           "3:an:unknown", "3:an:2024", "3:an:co_so:2", "3:an:none", "3:ex:0",
                           "3:pf:1", "3:new", "3:why", "3:ed"]
OLD_STATUS_BUTTONS = ["c:KT-2026-000123", "l:0", "l:10", "q:0", "q:20", "qd:0", "qd:10",
                      "m:KT-2026-000123:submitted:4", "k:2", "ok", "x", "i", "ik:units", "ix"]


@pytest.mark.parametrize("data", OLD_REMINDER_BUTTONS)
def test_old_reminder_buttons_round_trip(data: str) -> None:
    assert RemindPayload.parse(data).encode() == f"rm:{data}"


@pytest.mark.parametrize("data", OLD_DOSSIER_BUTTONS)
def test_old_dossier_buttons_parse_to_a_verb(data: str) -> None:
    payload = DossierPayload.parse(data)
    assert ":".join(filter(None, [payload.verb.value, payload.rest])) == data


@pytest.mark.parametrize("data", OLD_ELIGIBILITY_BUTTONS)
def test_old_eligibility_buttons_round_trip(data: str) -> None:
    payload = EligibilityPayload.parse(data)
    again = EligibilityKeys(int(payload.version)).data(payload.verb, payload.arg)
    assert again == f"el:{data}"


@pytest.mark.parametrize("data", OLD_STATUS_BUTTONS)
def test_old_status_buttons_round_trip(data: str) -> None:
    payload = StatusPayload.parse(data)
    assert status_data(payload.verb, *payload.args) == f"st:{data}"


def test_every_verb_has_an_action() -> None:
    assert set(remind_actions.BUTTONS) == set(RemindVerb)
    handled = {*dossier_actions.BUTTONS, *dossier_actions.DRAFT_BUTTONS, DossierVerb.CHECKLIST}
    assert handled == set(DossierVerb)
    eligibility = {*eligibility_actions.CHANGES, *eligibility_actions.SHOWS}
    assert eligibility == set(EligibilityVerb)
    assert not set(eligibility_actions.CHANGES) & set(eligibility_actions.SHOWS)
    assert set(status_actions.BUTTONS) == set(StatusVerb)


@pytest.mark.parametrize("parse", [RemindPayload.parse, DossierPayload.parse,
                                   StatusPayload.parse])
def test_an_unknown_verb_is_a_stale_button(parse: object) -> None:
    with pytest.raises(StaleButton):
        parse("zz:1")  # type: ignore[operator]


def test_an_unknown_eligibility_verb_is_a_stale_button() -> None:
    with pytest.raises(StaleButton):
        EligibilityPayload.parse("3:zz:1")
