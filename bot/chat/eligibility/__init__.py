"""The eligibility journey: the interview in chat (Telegram and terminal alike).

Main-menu key "elig" and `/xet [award]` open `start`. Every update loads the stored interview,
applies the officer's input as a pure change, saves it with optimistic locking and renders the
next node (ADR 001). Buttons carry the session version: a button from an older screen is stale,
never a wrong answer to the current question.

Read `actions` first: its tables say which button (`codec`, `el:<version>:<verb>[:<arg>]`) or
typed text on which screen goes where. `changes` apply the input to the interview, `steps`
routes once per update, saves and renders; `views` and `edits` are pure (interview → reply);
`verdicts` runs the engine for the result screens. Not to be confused with `bot.eligibility`
(the engine) or `bot.interview` (the interview as data), which this journey calls.
"""

from bot.chat.eligibility.actions import JOURNEY, on_button, start, take_text
from bot.chat.eligibility.codec import PREFIX
from bot.chat.eligibility.steps import FLOW
from bot.chat.eligibility.views import default_year, year_choices

__all__ = ["FLOW", "JOURNEY", "PREFIX", "default_year", "on_button", "start", "take_text",
           "year_choices"]
