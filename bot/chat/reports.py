"""The reports journey: /thongke — figures of a scope as a summary, a PNG chart and an `.xlsx`;
for reviewers the inspection sample (and recording an inspection's findings); for everyone the
exemplary candidates of their units.

Who sees what (`bot.status.access`): an officer their own unit, a reviewer their scope (all of it,
or one cluster), an admin everything. Button payloads `tk:<verb>:…`:
`y:<year>` chooser, `r:<a|u|c>:<arg>:<year>` report (all / unit id / cluster index),
`cl:<year>` cluster list, `s:<year>` inspection sample, `e:<year>` candidates,
`i:<unit id>` record an inspection (the findings are the next text message; flow `report_insp`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot import jobs
from bot.chat.heavy import offload
from bot.chat.router import Journey
from bot.conversation import sessions
from bot.conversation.callbacks import StaleButton, encode, number, parts
from bot.conversation.turn import Turn
from bot.conversation.viewer import Role, Viewer
from bot.db.models import Unit
from bot.errors import AccessDenied
from bot.identify import identify
from bot.render import Button, Document, Renderer, Reply
from bot.reports.candidates import exemplary_candidates
from bot.reports.errors import ReportError
from bot.reports.figures import compute_figures
from bot.reports.inspection import inspection_sample, record_inspection
from bot.reports.present import award_names
from bot.reports.scope import MAX_YEAR, MIN_YEAR, ReportScope, clusters_in, resolve_scope
from bot.status.access import Principal, resolve

PREFIX = "tk"
FLOW = "report_insp"
CHAT_CANDIDATES = 15
MAX_CLUSTER_BUTTONS = 20
MAX_CLUSTER_LABEL = 40


def _today(turn: Turn) -> dt.date:
    return turn.now.astimezone(turn.services.settings.tz).date()


def current_year(today: dt.date) -> int:
    """The emulation year being reported: last year until June (year-end review season)."""
    return today.year - 1 if today.month <= 6 else today.year


def _b(r: Renderer, key: str, *data: object, **params: Any) -> Button:
    return r.button(key, encode(PREFIX, *data), **params)


def _int(value: str) -> int:
    return number(value)


async def _principal(turn: Turn, viewer: Viewer | None = None) -> Principal:
    """The turn's principal; `viewer` when the caller has identified the user already."""
    if viewer is None:
        viewer = await identify(turn)
    async with turn.services.db.session() as session:
        return await resolve(session, viewer)


async def thongke(turn: Turn) -> list[Reply]:
    """/thongke [year]: the scope chooser for the year (default: the current emulation year)."""
    text = turn.text.strip()
    year = int(text) if text.isdigit() else current_year(_today(turn))
    return await _chooser(turn, year, edit=False)


async def _chooser(turn: Turn, year: int, edit: bool) -> list[Reply]:
    r = turn.services.renderer
    if not MIN_YEAR <= year <= MAX_YEAR:  # a typed or forged year no report can cover
        return [r.reply("errors/report_bad_year.j2", year=year)]
    viewer = await identify(turn)
    principal = await _principal(turn, viewer)
    if principal.role is Role.GUEST:
        return [r.reply("common/needs_registration.j2")]
    rows: list[list[Button]] = []
    officer = principal.role is Role.OFFICER
    if principal.unit_id is not None:
        rows.append([_b(r, "reports.btn.my_unit", "r", "u", principal.unit_id, year)])
    if not officer:
        rows.append([_b(r, "reports.btn.all", "r", "a", 0, year),
                     _b(r, "reports.btn.clusters", "cl", year)])
        rows.append([_b(r, "reports.btn.sample", "s", year)])
    rows.append([_b(r, "reports.btn.candidates", "e", year)])
    rows.append([_b(r, "reports.btn.prev_year", "y", year - 1, year=year - 1),
                 _b(r, "reports.btn.next_year", "y", year + 1, year=year + 1)])
    return [r.reply("reports/choose.j2", buttons=rows, edit=edit, year=year, officer=officer,
                    unit_name=viewer.unit_name or "")]


async def _report(turn: Turn, kind: str, arg: str, year: int) -> list[Reply]:
    r = turn.services.renderer
    await turn.show_progress()  # figures, a chart and a workbook: may take over a second
    principal = await _principal(turn)
    tz = turn.services.settings.tz
    try:
        async with turn.services.db.session() as session:
            if kind == "u":
                scope = await resolve_scope(session, principal, year, tz, unit_id=_int(arg))
            elif kind == "c":
                names = await clusters_in(session, principal)
                index = _int(arg)
                if not 0 <= index < len(names):
                    raise StaleButton(arg)
                scope = await resolve_scope(session, principal, year, tz, cluster=names[index])
            elif kind == "a":
                scope = await resolve_scope(session, principal, year, tz)
            else:
                raise StaleButton(kind)
            figures = await compute_figures(session, scope, _today(turn), turn.services.kb)
    except (AccessDenied, ReportError) as error:
        return [r.reply(f"errors/{error.key}.j2", **error.params)]
    package = await offload(turn, jobs.report_package_job, figures, turn.services.kb)
    back = [[_b(r, "common.back", "y", year)]]
    return [
        Reply(package.summary, buttons=tuple(tuple(row) for row in back)),
        Reply("", document=Document(package.chart_name, package.chart_png, package.chart_caption,
                                    photo=True)),
        Reply("", document=Document(package.xlsx_name, package.xlsx, package.xlsx_caption)),
    ]


async def _clusters(turn: Turn, year: int) -> list[Reply]:
    r = turn.services.renderer
    principal = await _principal(turn)
    if principal.role not in (Role.REVIEWER, Role.ADMIN):
        return [r.reply("reports/only_reviewers.j2")]
    async with turn.services.db.session() as session:
        names = await clusters_in(session, principal)
    rows = [[_b(r, "reports.btn.cluster", "r", "c", i, year, name=name[:MAX_CLUSTER_LABEL])]
            for i, name in enumerate(names[:MAX_CLUSTER_BUTTONS])]
    rows.append([_b(r, "common.back", "y", year)])
    return [r.reply("reports/choose_cluster.j2", buttons=rows, edit=True, year=year,
                    clusters=names)]


async def _scope_for_viewer(turn: Turn, principal: Principal, year: int) -> ReportScope:
    async with turn.services.db.session() as session:
        if principal.role is Role.OFFICER and principal.unit_id is not None:
            return await resolve_scope(session, principal, year, turn.services.settings.tz,
                                       unit_id=principal.unit_id)
        return await resolve_scope(session, principal, year, turn.services.settings.tz)


async def _sample(turn: Turn, year: int) -> list[Reply]:
    r = turn.services.renderer
    principal = await _principal(turn)
    if principal.role not in (Role.REVIEWER, Role.ADMIN):
        return [r.reply("reports/only_reviewers.j2")]
    scope = await _scope_for_viewer(turn, principal, year)
    async with turn.services.db.session() as session:
        sample = await inspection_sample(session, scope, _today(turn), turn.services.kb)
    rows = [[_b(r, "reports.btn.record", "i", u.unit_id, name=u.name[:MAX_CLUSTER_LABEL])]
            for u in sample.picked]
    rows.append([_b(r, "common.back", "y", year)])
    return [r.reply("reports/sample.j2", buttons=rows, year=year, sample=sample,
                    award_names=award_names(turn.services.kb))]


async def _candidates(turn: Turn, year: int) -> list[Reply]:
    r = turn.services.renderer
    principal = await _principal(turn)
    if principal.role is Role.GUEST:
        return [r.reply("common/needs_registration.j2")]
    await turn.show_progress()  # the lộ trình of each shortlisted person: up to a second
    scope = await _scope_for_viewer(turn, principal, year)
    today = _today(turn)
    # Candidates for the year whose achievements are being earned now ("this year").
    target = max(year, today.year)
    async with turn.services.db.session() as session:
        found = await exemplary_candidates(session, turn.services.kb, scope.unit_ids, target,
                                           today, limit=CHAT_CANDIDATES,
                                           province=turn.services.settings.province,
                                           from_year=current_year(today))
    name = scope.title or r.label(f"reports.scope_kind.{scope.kind}")
    return [r.reply("reports/candidates.j2", buttons=[[_b(r, "common.back", "y", year)]],
                    year=target, scope_name=name, candidates=found,
                    award_names=award_names(turn.services.kb))]


async def _start_inspection(turn: Turn, unit_id: int) -> list[Reply]:
    r = turn.services.renderer
    principal = await _principal(turn)
    if principal.role not in (Role.REVIEWER, Role.ADMIN) or not principal.covers(unit_id):
        return [r.reply("reports/only_reviewers.j2")]
    async with turn.services.db.session() as session:
        unit = await session.get(Unit, unit_id)
    if unit is None:
        raise StaleButton(str(unit_id))
    await sessions.update_flow(
        turn.services.db, turn.chat_id, turn.user_id, FLOW,
        lambda _: sessions.FlowState(answers={"unit_id": unit_id, "unit_name": unit.name}),
        turn.now,
    )
    return [r.reply("reports/ask_findings.j2", unit_name=unit.name, day=_today(turn))]


async def take_text(turn: Turn) -> list[Reply] | None:
    """The findings of the inspection being recorded, if this chat is recording one."""
    state = await sessions.load_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
    if state is None:
        return None
    r = turn.services.renderer
    viewer = await identify(turn)
    principal = await _principal(turn, viewer)
    unit_id = int(state.answers["unit_id"])
    try:
        async with turn.services.db.session() as session, session.begin():
            row = await record_inspection(session, principal, unit_id, _today(turn),
                                          viewer.full_name or turn.full_name, turn.text, turn.now,
                                          turn.services.kb.risk)
    except ReportError as error:
        if error.key in ("report_inspection_empty", "report_inspection_too_long"):
            return [r.reply("reports/inspection_error.j2", key=error.key, params=error.params)]
        await sessions.end_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
        return [r.reply("reports/inspection_error.j2", key=error.key, params=error.params)]
    await sessions.end_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
    return [r.reply("reports/inspection_saved.j2", unit_name=state.answers.get("unit_name", ""),
                    day=row.inspected_on, next_due=row.next_due_on)]


async def on_button(turn: Turn) -> list[Reply]:
    verb, _, rest = turn.data.partition(":")
    if verb == "y":
        return await _chooser(turn, _int(parts(rest, 1)[0]), edit=True)
    if verb == "r":
        kind, arg, year = parts(rest, 3)
        return await _report(turn, kind, arg, _int(year))
    if verb == "cl":
        return await _clusters(turn, _int(parts(rest, 1)[0]))
    if verb == "s":
        return await _sample(turn, _int(parts(rest, 1)[0]))
    if verb == "e":
        return await _candidates(turn, _int(parts(rest, 1)[0]))
    if verb == "i":
        return await _start_inspection(turn, _int(parts(rest, 1)[0]))
    raise StaleButton(turn.data)


JOURNEY = Journey(
    name="reports",
    commands={"thongke": thongke},
    prefix=PREFIX,
    on_button=on_button,
    take_text=take_text,
)
