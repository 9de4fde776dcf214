"""Vietnamese text of findings and reader questions, rendered from `bot/templates/dossier/`.

Rendered by the one Jinja environment of `bot.render` (`shared_renderer`), which treats the
`dossier/` folder as plain text: no autoescape, since the front ends escape it when they show it.
`StrictUndefined` makes a missing variable fail in tests.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, Template

from bot.render import shared_renderer


def _env() -> Environment:
    return shared_renderer().env


@cache
def _template(name: str) -> Template:
    """Compiled once per process (templates do not change while the bot runs)."""
    return _env().get_template(name)


@cache
def _finding_template(kind: str) -> tuple[Template, dict[str, Any]]:
    """The kind's template and its globals flattened once (Jinja's `new_context` copies the
    globals' ChainMap on every call: ≈ 40 % of rendering 20,000 findings)."""
    template = _template(f"dossier/findings/{kind}.j2")
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
    template = _template("dossier/words.j2")
    return " ".join(template.render(key=key, **context).split())


def render_question(key: str, **context: Any) -> str:
    """A question asking the officer to confirm what a reader could not read."""
    context.setdefault("detail", "")
    template = _template("dossier/question.j2")
    return " ".join(template.render(key=key, **context).split())
