"""Top-level free text nobody else took: find what the user most likely wants.

In order: a journey named in words ("hồ sơ", "nhắc hạn", "thống kê") opens it; an award name
(diacritics optional) opens the eligibility interview for it; a nominee's name opens the `/hoso`
search; near misses ask "Ý anh/chị là …?" with buttons; anything else gets the menu.
(A dossier code is taken earlier, by the status journey.)

Buttons (`it:` prefix): `j:<journey key>` open a journey · `a:<award id>` start the interview.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from bot.chat import common, dossier, eligibility, reminders, reports, status
from bot.chat.router import Journey, TurnAction
from bot.conversation.callbacks import StaleButton, encode, parts
from bot.conversation.turn import Turn
from bot.conversation.viewer import Role
from bot.eligibility import Ambiguous, resolve_award
from bot.identify import identify
from bot.render import Button, Reply
from bot.status.access import Principal, resolve
from bot.status.search import GOOD_SCORE, search_names
from bot.text.match import best_matches
from bot.text.normalize import fold

PREFIX = "it"
# Journey phrases are matched only in short messages: a long message that happens to contain
# "hồ sơ" is not a request to open the list.
MAX_INTENT_CHARS = 60
ACCEPT = 90.0
SUGGEST = 75.0
# A name has 2–5 words; one word is too little to search people by.
NAME_WORDS = range(2, 6)
MAX_SUGGESTIONS = 4


async def _stats(turn: Turn) -> list[Reply]:
    return await reports.thongke(turn.with_text(""))


async def _elig(turn: Turn) -> list[Reply]:
    return await eligibility.start(turn.with_text(""))


async def _blanks(turn: Turn) -> list[Reply]:
    return await dossier.blanks(turn.with_text(""))


OPENERS: Mapping[str, TurnAction] = {
    "status": status.open_from_menu,
    "remind": reminders.entry,
    "stats": _stats,
    "elig": _elig,
    "check": dossier.entry,
    "blanks": _blanks,
    "home": common.menu,
    "help": common.help_,
}


def _journey_phrases(turn: Turn) -> dict[str, list[str]]:
    label = turn.services.renderer.label
    return {key: label(f"intent.phrases.{key}").split("|") for key in OPENERS}


async def route(turn: Turn) -> list[Reply]:
    """The fallback for free text: route it, ask, or show the menu."""
    text = turn.text.strip()
    folded = fold(text)
    if not folded:
        return await common.not_understood(turn)
    suggestions: list[Button] = []
    r = turn.services.renderer
    if len(text) <= MAX_INTENT_CHARS:
        journeys = best_matches(text, _journey_phrases(turn), limit=2, cutoff=SUGGEST)
        if journeys and journeys[0].score >= ACCEPT:
            return await OPENERS[journeys[0].key](turn)
        award = resolve_award(turn.services.kb, text)
        if not isinstance(award, Ambiguous):
            return await eligibility.start(turn.with_text(award.award_id))
        searcher = await _nominee_searcher(turn, text, folded)
        if searcher is not None:
            return await status.lookup_text(turn, text, searcher)
        # Whichever kind matched better is offered alone ("bang khen" names awards, not
        # "thống kê"; "nhắc hẹn" a journey, not an award).
        best_award = max((c.score for c in award.candidates), default=0.0)
        best_journey = journeys[0].score if journeys else 0.0
        if best_award >= best_journey:
            suggestions += [r.button("intent.award", encode(PREFIX, "a", c.award_id), name=c.name)
                            for c in award.candidates]
        else:
            suggestions += [r.button(f"intent.journey.{m.key}", encode(PREFIX, "j", m.key))
                            for m in journeys]
    if not suggestions:
        return await common.not_understood(turn)
    choices = [b.label for b in suggestions[:MAX_SUGGESTIONS]]
    rows = [[b] for b in suggestions[:MAX_SUGGESTIONS]]
    return [r.reply("intent/did_you_mean.j2", buttons=rows, choices=choices)]


async def _nominee_searcher(turn: Turn, text: str, folded: str) -> Principal | None:
    """The user's principal when `text` names a nominee of a dossier they may see (a good fuzzy
    match), handed to the search so that the user is identified once in the update."""
    if len(folded.split()) not in NAME_WORDS:
        return None
    viewer = await identify(turn)
    if not viewer.registered:
        return None
    async with turn.services.db.read_session() as session:
        principal = await resolve(session, viewer)
    if principal.role is Role.GUEST:
        return None
    return principal if await turn.services.db.read(_good_name_hit, principal, text) else None


def _good_name_hit(session: Session, principal: Principal, text: str) -> bool:
    if principal.units is not None and not principal.units:
        return False
    hits = search_names(session, text, principal.units, limit=1)
    return bool(hits) and hits[0].score >= GOOD_SCORE


async def on_button(turn: Turn) -> list[Reply]:
    kind, value = parts(turn.data, 2)
    if kind == "j" and value in OPENERS:
        return await OPENERS[value](turn.with_text(""))
    if kind == "a" and value in turn.services.kb.awards:
        return await eligibility.start(turn.with_text(value))
    raise StaleButton(turn.data)


JOURNEY = Journey(name="intent", prefix=PREFIX, on_button=on_button)
