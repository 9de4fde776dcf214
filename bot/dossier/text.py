"""Vietnamese text of findings and reader questions, rendered from `bot/templates/dossier/`.

A plain Jinja2 environment of our own (no autoescape: the output is plain text that the front
ends escape; `StrictUndefined` so a missing variable fails in tests). The lead will later fold it
into the one environment of `bot.render`; only `render_finding_text` and `render_word` need to
change then.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


def _vn_date(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)


def _pct(value: Any) -> str:
    return f"{float(value) * 100:.0f}%".replace(".", ",")


@cache
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["vn_date"] = _vn_date
    env.filters["pct"] = _pct
    return env


@cache
def _finding_template(kind: str) -> tuple[Template, dict[str, Any]]:
    """The kind's template and its globals flattened once (Jinja's `new_context` copies the
    globals' ChainMap on every call: ≈ 40 % of rendering 20,000 findings)."""
    template = _env().get_template(f"dossier/findings/{kind}.j2")
    return template, dict(template.globals)


def render_finding_text(kind: str, **context: Any) -> tuple[str, str]:
    """(message, fix) for a finding kind; `variant` selects a wording inside the template.

    Each finding template holds a `message` and a `fix` block; both render from one context.
    """
    context.setdefault("variant", "")
    template, globals_ = _finding_template(kind)
    env = template.environment
    # What `template.new_context(context)` builds, minus the per-call copy of the globals.
    ctx = env.context_class(env, {**globals_, **context}, template.name, template.blocks)
    message = "".join(template.blocks["message"](ctx))
    fix = "".join(template.blocks["fix"](ctx))
    return " ".join(message.split()), " ".join(fix.split())


def render_word(key: str, **context: Any) -> str:
    """A short word or phrase by key (severity names, spreadsheet headers…)."""
    template = _env().get_template("dossier/words.j2")
    return " ".join(template.render(key=key, **context).split())


def render_question(key: str, **context: Any) -> str:
    """A question asking the officer to confirm what a reader could not read."""
    context.setdefault("detail", "")
    template = _env().get_template("dossier/question.j2")
    return " ".join(template.render(key=key, **context).split())
