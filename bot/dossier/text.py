"""Vietnamese text of findings and reader questions, rendered from `bot/templates/dossier/`.

Rendered by the one Jinja environment of `bot.render` (`shared_renderer`), which treats the
`dossier/` folder as plain text: no autoescape, since the front ends escape it when they show it.
`StrictUndefined` makes a missing variable fail in tests.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from functools import cache
from typing import Any

from jinja2 import Environment, Template, nodes

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
    Texts come from a per-kind cache (`_fast_text`) when the context allows it, else from Jinja:
    the two give the same bytes (tests/dossier/test_finding_text.py).
    """
    context.setdefault("variant", "")
    fast = _fast_text(kind, context)
    if fast is not None:
        return fast
    return render_finding_jinja(kind, context)


def render_finding_jinja(kind: str, context: dict[str, Any]) -> tuple[str, str]:
    """(message, fix) rendered through Jinja, always (the reference for the cached path)."""
    template, globals_ = _finding_template(kind)
    env = template.environment
    # What `template.new_context(context)` builds, minus the per-call copy of the globals.
    ctx = env.context_class(env, {**globals_, **context}, template.name, template.blocks)
    message = "".join(template.blocks["message"](ctx))
    fix = "".join(template.blocks["fix"](ctx))
    return " ".join(message.split()), " ".join(fix.split())


# --- cached finding texts --------------------------------------------------------------------
# Most findings of a big list differ only by the nominee's name, so rendering each through Jinja
# (≈ 25 % of checking 10,000 rows) repeats the same work. A variable that a template only prints
# (`{{ who }}`) or tests for truth (`{% if who %}`) is "transparent": the text for any non-empty
# string equals the text rendered once with a placeholder in its place, the placeholder then
# replaced. Other variables are part of the cache key (with their type: `1` and `True` print
# differently). Contexts holding values the key cannot represent go to Jinja.

_MARK = "\x00"
_CACHE_LIMIT = 4096
_texts: dict[tuple[Any, ...], tuple[str, str]] = {}
# Only the variables that differ from finding to finding (names of people and files) are
# swapped; the others (award and component labels…) are few and stay in the key.
_VARYING = frozenset({"who", "other", "other_ref", "file", "name"})
_SWAPPED = object()  # in a key: a transparent value replaced by its placeholder


@cache
def _transparent(kind: str) -> frozenset[str]:
    """The variables of the kind's template used only as `{{ name }}` or `{% if name %}`."""
    template, _ = _finding_template(kind)
    env = template.environment
    assert env.loader is not None
    name = f"dossier/findings/{kind}.j2"
    source, _, _ = env.loader.get_source(env, name)
    escaped = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    if escaped or env.finalize is not None:
        return frozenset()  # printing would transform the value
    tree = env.parse(source)
    if any(tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport,
                          nodes.Macro, nodes.CallBlock, nodes.Scope, nodes.With,
                          nodes.FilterBlock, nodes.EvalContextModifier))):
        return frozenset()  # context passed on, or output filtered: do not reason about it
    plain: set[str] = set()
    other: set[str] = set()

    def walk(node: nodes.Node, parent: nodes.Node | None, field_name: str | None) -> None:
        if isinstance(node, nodes.Name):
            bare = (isinstance(parent, nodes.Output) and field_name == "nodes") or (
                isinstance(parent, nodes.If) and field_name == "test")
            (plain if bare and node.ctx == "load" else other).add(node.name)
            return
        for name, value in node.iter_fields():
            for child in value if isinstance(value, list) else [value]:
                if isinstance(child, nodes.Node):
                    walk(child, node, name)

    walk(tree, None, None)
    return frozenset(plain - other)


_PLAIN_TYPES = (str, int, bool, type(None), dt.date, dt.datetime)


def _frozen(value: Any) -> Any:
    """`value` as a hashable key that tells apart values printing differently; raises
    TypeError for a value it cannot represent."""
    kind = type(value)
    if kind in _PLAIN_TYPES or isinstance(value, Enum):
        return kind, value
    if kind is float:
        return kind, repr(value)
    if kind is list or kind is tuple:
        return kind, tuple(_frozen(item) for item in value)
    raise TypeError(kind)


@cache
def _swappable(kind: str) -> dict[str, str]:
    """The kind's variables filled in after rendering, each with its placeholder."""
    return {name: f"{_MARK}{name}{_MARK}" for name in _transparent(kind) & _VARYING}


def _fast_text(kind: str, context: dict[str, Any]) -> tuple[str, str] | None:
    swappable = _swappable(kind)
    key: list[Any] = [kind]
    swaps: list[tuple[str, str, str]] = []
    for name, value in context.items():
        kind_of = type(value)
        if kind_of is str:
            if value and name in swappable and _MARK not in value:
                swaps.append((name, swappable[name], value))
                key.append((name, _SWAPPED))
            else:
                key.append((name, value))  # a str never equals a value of another type
        elif kind_of is bool or kind_of is int or value is None:
            key.append((name, kind_of, value))
        else:
            try:
                key.append((name, _frozen(value)))
            except TypeError:
                return None
    cache_key = tuple(key)
    texts = _texts.get(cache_key)
    if texts is None:
        if len(_texts) >= _CACHE_LIMIT:
            _texts.clear()
        marked = dict(context)
        for name, mark, _ in swaps:
            marked[name] = mark
        texts = _texts[cache_key] = render_finding_jinja(kind, marked)
    if not swaps:
        return texts
    return _filled(texts, swaps)


def _filled(texts: tuple[str, str], swaps: list[tuple[str, str, str]]) -> tuple[str, str]:
    """The marked texts with each placeholder replaced by its (non-empty, mark-free) value."""
    message, fix = texts
    spaced = False
    for _, mark, value in swaps:
        message = message.replace(mark, value)
        fix = fix.replace(mark, value)
        spaced = spaced or not (value.isprintable() and "  " not in value
                                and value[0] != " " and value[-1] != " ")
    if spaced:  # a value with runs of spaces, edges or other white space: normalise as Jinja
        return " ".join(message.split()), " ".join(fix.split())
    return message, fix


class TextStamp:
    """The texts of one kind for one fixed context, for any value of one varying variable.

    `stamp(value)` equals `render_finding_text(kind, **context, <name>=value)`: the template
    is rendered once with the placeholder and each value put in as `_fast_text` does; a value
    that cannot be swapped (not a non-empty string, or holding the mark, or a variable the
    template does more with than print or test) is rendered the ordinary way. For the findings
    of one rule that differ only by the nominee's name (10,000 of them on a big list).
    """

    def __init__(self, kind: str, name: str, context: dict[str, Any]) -> None:
        self.kind = kind
        self.name = name
        self.context = {"variant": "", **context}
        self.mark = _swappable(kind).get(name)
        self.marked: tuple[str, str] | None = None
        if self.mark is not None:
            self.marked = render_finding_jinja(kind, {**self.context, name: self.mark})

    def __call__(self, value: Any) -> tuple[str, str]:
        marked, mark = self.marked, self.mark
        if marked is None or mark is None or type(value) is not str or not value or (
                _MARK in value):
            return render_finding_text(self.kind, **{**self.context, self.name: value})
        message = marked[0].replace(mark, value)
        fix = marked[1].replace(mark, value)
        if value.isprintable() and "  " not in value and value[0] != " " and value[-1] != " ":
            return message, fix
        # runs of spaces, edges or other white space: normalised as Jinja does (`_filled`)
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
