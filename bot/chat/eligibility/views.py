"""The eligibility journey's screens: pure functions from the interview (and, for the result,
what was judged) to one reply. Nothing here reads the database or runs the engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.chat.eligibility.codec import Keys, Verb, rows
from bot.chat.eligibility.edits import source
from bot.conversation.callbacks import encode
from bot.eligibility import QuestionSpec, Verdict
from bot.interview.answers import YEARS_BACK_ALLOWED
from bot.interview.flow import NodeId, Screen
from bot.interview.state import ALL_AWARDS, Interview
from bot.interview.why import Explanation
from bot.render import Button, Renderer, Reply
from knowledge.loader import KnowledgeBase

SUBJECT_KINDS = ("individual", "collective")
# Number buttons offered for small integer questions (months worked in a year).
SMALL_INTEGERS = (12, 11, 10, 9, 8, 7, 6)
# Quick buttons for counts per option (initiatives per scope); other counts are typed.
COUNT_BUTTONS = {"co_so": (1, 2, 3)}
YEARS_BACK = 5
TYPED_ANSWERS = ("integer", "number", "year")


@dataclass(frozen=True)
class Page:
    """What every interview screen is drawn from."""

    r: Renderer
    kb: KnowledgeBase
    interview: Interview
    keys: Keys
    edit: bool = False

    def reply(self, template: str, buttons: list[list[Button]], **params: Any) -> Reply:
        return self.r.reply(f"eligibility/{template}.j2", buttons=buttons, edit=self.edit,
                            **self.common(), **params)

    def common(self) -> dict[str, Any]:
        """What every screen's template may show (an error, who, which year and award)."""
        i = self.interview
        return {
            "error": i.error,
            "error_params": dict(i.error_params),
            "subject_name": i.subject_name,
            "year": i.year,
            "award_name": award_name(self.kb, i.award),
            "answered": len(i.answers),
        }

    def button(self, key: str, verb: Verb, arg: object = "", **params: Any) -> Button:
        return self.keys.button(self.r, key, verb, arg, **params)


@dataclass(frozen=True)
class Judgement:
    """What the result screen shows: one award's verdict, every award's, or why neither."""

    verdict: Verdict | None = None
    verdicts: list[Verdict] | None = None
    error: str | None = None


def award_name(kb: KnowledgeBase, award: str | None) -> str | None:
    if award is None or award == ALL_AWARDS:
        return None
    return kb.awards[award].name


# ── the questions before the facts ───────────────────────────────────────────────────────────


def award(page: Page, step: Screen) -> Reply:
    i = page.interview
    if i.offered_for == "award" and i.offered:
        offered = [page.keys.plain(c.label, Verb.AWARD, c.key) for c in i.offered]
        return page.reply("ask_award", rows(offered, 1))
    every = page.button("eligibility.all_awards", Verb.AWARD, ALL_AWARDS)
    return page.reply("ask_award", [*rows(_popular(page), 2), [every]])


def _popular(page: Page) -> list[Button]:
    """Award buttons on the first screen: the catalogue's `menus.eligibility`, most asked first."""
    awards = page.kb.awards
    return [page.keys.plain(awards[a].short_name or awards[a].name, Verb.AWARD, a)
            for a in page.kb.menu("eligibility")]


def kind(page: Page, step: Screen) -> Reply:
    kinds = [page.button(f"eligibility.kind_{k}", Verb.KIND, k) for k in SUBJECT_KINDS]
    return page.reply("ask_kind", [kinds])


def subject(page: Page, step: Screen) -> Reply:
    i = page.interview
    people = [page.keys.plain(c.label, Verb.SUBJECT, c.key) for c in i.offered]
    skip = page.button("eligibility.skip_subject", Verb.SUBJECT, "skip")
    return page.reply("ask_subject", [*rows(people, 1), [skip]], offered=bool(i.offered),
                      kind=i.kind)


def year(page: Page, step: Screen) -> Reply:
    i = page.interview
    default = default_year(i.as_of, i.campaign_year)
    years = [page.keys.plain(str(y), Verb.YEAR, y) for y in year_choices(i.as_of, default)]
    return page.reply("ask_year", [years], default=default,
                      from_campaign=default == i.campaign_year)


def default_year(today: dt.date, campaign_year: int | None = None) -> int:
    """The achievement year usually considered: the year of the unit's open campaign (đợt xét);
    else the year just ended, except in December, when the year-end review of the current year
    is under way."""
    if campaign_year is not None and today.year - YEARS_BACK_ALLOWED <= campaign_year <= today.year:
        return campaign_year
    return today.year if today.month == 12 else today.year - 1


def year_choices(today: dt.date, default: int) -> list[int]:
    """Four year buttons, latest first (never a year to come); the default is always one."""
    top = max(default, default_year(today))
    years = {top, top - 1, top - 2, top - 3}
    if default not in years:
        years = {top, top - 1, top - 2, default}
    return sorted(years, reverse=True)


# ── a question ───────────────────────────────────────────────────────────────────────────────


def question(page: Page, step: Screen) -> Reply:
    spec = step.question
    assert spec is not None
    prefilled = page.interview.prefilled()
    buttons = answer_rows(page, spec)
    if page.interview.answers or prefilled:
        buttons.append([page.button("eligibility.edit", Verb.EDIT)])
    return page.reply("ask_question", buttons, question=spec, typed=spec.answer in TYPED_ANSWERS,
                      record=_record(page.interview, spec, prefilled))


def _record(
    interview: Interview, spec: QuestionSpec, prefilled: list[tuple[str, Any]]
) -> dict[str, Any] | None:
    """Correcting a fact of the records: what they say and where it came from."""
    if interview.editing != spec.id:
        return None
    value = next((v for qid, v in prefilled if qid == spec.id), None)
    return None if value is None else {"value": value, "source": source(interview, spec.id)}


def answer_rows(page: Page, spec: QuestionSpec) -> list[list[Button]]:
    """The answer buttons for the question's kind of answer, "Không rõ" last."""
    unknown = page.button("common.unknown", Verb.ANSWER, "unknown")
    return [*ANSWER_ROWS.get(spec.answer, _choice_rows)(page, spec), [unknown]]


def _yes_no_rows(page: Page, spec: QuestionSpec) -> list[list[Button]]:
    return [[page.button("common.yes", Verb.ANSWER, "yes"),
             page.button("common.no", Verb.ANSWER, "no")]]


def _options(page: Page, spec: QuestionSpec) -> list[Button]:
    return [page.keys.plain(label, Verb.ANSWER, key) for key, label in spec.options.items()]


def _choice_rows(page: Page, spec: QuestionSpec) -> list[list[Button]]:
    return rows(_options(page, spec), 1)


def _year_rows(page: Page, spec: QuestionSpec) -> list[list[Button]]:
    latest = page.interview.as_of.year
    years = [page.keys.plain(str(y), Verb.ANSWER, y)
             for y in range(latest - 1, latest - YEARS_BACK, -1)]
    return [*rows(years, 4), *_choice_rows(page, spec)]


def _count_rows(page: Page, spec: QuestionSpec) -> list[list[Button]]:
    counts = [page.button("eligibility.counts_none", Verb.ANSWER, "none")]
    counts += [
        page.button("eligibility.counts_one", Verb.ANSWER, f"{key}:{n}", count=n, label=label)
        for key, label in spec.options.items()
        for n in COUNT_BUTTONS.get(key, (1,))
    ]
    return rows(counts, 2)


def _number_rows(page: Page, spec: QuestionSpec) -> list[list[Button]]:
    small = spec.max is not None and spec.max <= max(SMALL_INTEGERS)
    numbers = [page.keys.plain(str(n), Verb.ANSWER, n) for n in SMALL_INTEGERS] if small else []
    return rows(numbers, 4)


ANSWER_ROWS: dict[str, Callable[[Page, QuestionSpec], list[list[Button]]]] = {
    "yes_no": _yes_no_rows,
    "year": _year_rows,
    "counts": _count_rows,
    "integer": _number_rows,
    "number": _number_rows,
}

# The screens before the result, by node (the result needs a judgement: `result`).
SCREENS: dict[NodeId, Callable[[Page, Screen], Reply]] = {
    NodeId.AWARD: award,
    NodeId.KIND: kind,
    NodeId.SUBJECT: subject,
    NodeId.YEAR: year,
    NodeId.QUESTION: question,
}


# ── the result and what it offers ────────────────────────────────────────────────────────────


def result(page: Page, found: Judgement) -> Reply:
    """The verdict (or every award's), "Vì sao?" and the answers for one award."""
    others = [page.button("eligibility.another", Verb.ANOTHER),
              page.r.button("menu.back", encode("m", "home"))]
    if found.error is not None:
        return page.reply("cannot_evaluate", [others], detail=found.error)
    if found.verdicts is not None:
        return page.reply("result_all", [others], verdicts=found.verdicts, awards=page.kb.awards)
    first = [page.button("eligibility.why", Verb.WHY), page.button("eligibility.edit", Verb.EDIT)]
    return page.reply("result", [first, others], v=found.verdict, awards=page.kb.awards)


def why(r: Renderer, kb: KnowledgeBase, found: Explanation | str) -> Reply:
    """"Vì sao?": the explanation, or why the facts cannot be judged (its detail)."""
    if isinstance(found, str):
        return r.reply("eligibility/cannot_evaluate.j2", detail=found)
    return r.reply("eligibility/why.j2", ex=found, awards=kb.awards, labels=kb.labels)
