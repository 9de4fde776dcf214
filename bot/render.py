"""The one Jinja2 environment: every user-facing Vietnamese text comes out of here.

Templates under `bot/templates/` render Telegram HTML (autoescaped, so a nominee called
"<Anh & Em>" cannot break the message). `StrictUndefined` turns a missing variable into an error
in tests instead of a blank in production. The renderer also owns Telegram's limits: messages
longer than 4096 characters are split on line boundaries, and callback data is checked against
the 64-byte cap. Button labels live in `templates/labels.yaml` and
`templates/labels/*.yaml`.

For the terminal and the CLI, `to_plain` turns the same HTML into plain text.

Templates under `dossier/` are plain text, not HTML (finding texts, reader questions, the blank
forms turned into .docx/.xlsx): the same environment renders them without autoescape
(`PLAIN_TEXT_DIRS`); `shared_renderer()` is the one instance code without a `Services` uses.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

if TYPE_CHECKING:
    from knowledge.loader import KnowledgeBase

TEMPLATES_DIR = Path(__file__).parent / "templates"
# Template folders whose output is plain text (escaped, if ever, by whoever shows it).
PLAIN_TEXT_DIRS = ("dossier/",)
MAX_MESSAGE_CHARS = 4096
MAX_CALLBACK_BYTES = 64
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Button:
    """An inline button: a Vietnamese label and a short callback code (≤ 64 bytes)."""

    label: str
    data: str

    def __post_init__(self) -> None:
        if not 1 <= len(self.data.encode()) <= MAX_CALLBACK_BYTES:
            raise ValueError(f"callback data must be 1..64 bytes: {self.data!r}")


@dataclass(frozen=True)
class Document:
    """A file to send: name, bytes and an optional caption (HTML)."""

    filename: str
    content: bytes
    caption: str | None = None
    # A file Telegram already holds (a filed dossier's upload): sent by id, `content` is empty.
    file_id: str | None = None
    # A picture (a chart's PNG) to show in the chat with a preview, not as a file to open.
    photo: bool = False


@dataclass(frozen=True)
class Reply:
    """One message to the user: HTML text, optional keyboard rows, optional document."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    document: Document | None = None
    # When True the front end may edit the message the user tapped instead of sending anew.
    edit: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)


def _vn_date(value: Any) -> str:
    """dd/mm/yyyy, the way Vietnamese officers write dates (a text is shown as it is)."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)


def _pct(value: Any) -> str:
    """0.7 → 70% (a ratio as officers write it, decimal comma)."""
    return f"{float(value) * 100:.0f}%".replace(".", ",")


_HTML_AUTOESCAPE = select_autoescape(enabled_extensions=("j2", "html"), default=True)


def _autoescape(name: str | None) -> bool:
    """HTML templates are escaped; the plain-text ones (`PLAIN_TEXT_DIRS`) are not."""
    if name is not None and name.startswith(PLAIN_TEXT_DIRS):
        return False
    return _HTML_AUTOESCAPE(name)


def _vn_number(value: Any) -> str:
    """1.234.567 — Vietnamese thousands separator."""
    return f"{int(value):,}".replace(",", ".")


# A line holding only block tags ({% if %}, {% endfor %}, {# … #}) and spaces.
_TAG_ONLY_LINE = re.compile(r"^[ \t]*(?:(?:\{%.*?%\}|\{#.*?#\})[ \t]*)+\n", re.MULTILINE)


class TagLineLoader(FileSystemLoader):
    """Drops lines that hold only block tags, keeping every other line break.

    Jinja's `trim_blocks` also eats the line break after `text{% endif %}`, which silently joins
    lines in messages; this removes exactly the tag-only lines instead.
    """

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        return _TAG_ONLY_LINE.sub(lambda m: m.group(0).strip(" \t\n"), source), filename, uptodate


class Renderer:
    """Renders templates and labels; owns message-size limits."""

    def __init__(self, templates_dir: Path = TEMPLATES_DIR) -> None:
        # Templates do not change while the bot runs: no stat() of the file on every render.
        self.env = Environment(
            loader=TagLineLoader(str(templates_dir)),
            autoescape=_autoescape,
            undefined=StrictUndefined,
            keep_trailing_newline=False,
            auto_reload=False,
            cache_size=-1,
        )
        self.env.filters["vn_date"] = _vn_date
        self.env.filters["vn_number"] = _vn_number
        self.env.filters["pct"] = _pct
        self._labels = _load_labels(templates_dir / "labels.yaml")
        # Each feature may keep its labels in templates/labels/<feature>.yaml.
        for extra in sorted((templates_dir / "labels").glob("*.yaml")):
            for key, text in _load_labels(extra).items():
                if key in self._labels:
                    raise ValueError(f"label {key} defined twice ({extra.name})")
                self._labels[key] = text
        self.env.globals["label"] = self.label
        self.env.filters["award_group"] = self.award_group
        # Award id → its usual Vietnamese name, from the knowledge base (`know_awards`).
        self._award_names: dict[str, str] = {}

    def know_awards(self, kb: KnowledgeBase) -> None:
        """Learn the award names of the law as data (the dossier vocabulary's first name).
        Called where the renderer meets its knowledge base: `Services`, the CLI tick."""
        self._award_names = {code: names[0] for code, names in kb.dossier.vocabulary.awards.items()
                             if names}

    def award_group(self, group: str) -> str:
        """A campaign deadline's award group as officers read it: an award id or a dossier
        group id (`danh_hieu_thi_dua`) becomes its Vietnamese name; typed words stay as typed."""
        key = f"award_group.{group}"
        if key in self._labels:
            return self._labels[key]
        return self._award_names.get(group, group)

    def precompile(self) -> int:
        """Compile every template now (the first render of each would otherwise compile it in
        the middle of traffic, up to tens of milliseconds); returns how many."""
        names = self.env.list_templates(extensions=("j2",))
        for name in names:
            self.env.get_template(name)
        return len(names)

    def render(self, name: str, /, **context: Any) -> str:
        """Render `name` (e.g. "common/welcome.j2") to Telegram HTML, trimmed."""
        return self.env.get_template(name).render(**context).strip()

    def label(self, key: str, /, **params: Any) -> str:
        """A button or short label by key, e.g. label("menu.eligibility")."""
        try:
            text = self._labels[key]
        except KeyError as exc:
            raise KeyError(f"unknown label key: {key}") from exc
        return text.format(**params) if params else text

    def button(self, key: str, data: str, /, **params: Any) -> Button:
        return Button(self.label(key, **params), data)

    def reply(
        self,
        name: str,
        /,
        buttons: Sequence[Sequence[Button]] = (),
        edit: bool = False,
        **context: Any,
    ) -> Reply:
        return Reply(
            text=self.render(name, **context),
            buttons=tuple(tuple(row) for row in buttons),
            edit=edit,
        )


@cache
def shared_renderer() -> Renderer:
    """The renderer of code that has no `Services` at hand (dossier findings, blank forms)."""
    return Renderer()


def split_message(text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Split HTML text into chunks whose visible length is ≤ `limit`, on line boundaries.

    Templates keep every tag on one line, so cutting between lines never splits a tag pair.
    A single line longer than the limit is cut on a space (tags stripped from that line).
    """
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        visible = visible_length(line)
        if visible > limit:
            if current:
                chunks.append("\n".join(current))
                current, size = [], 0
            chunks.extend(_cut_long_line(html.unescape(_TAG.sub("", line)), limit))
            continue
        extra = visible + (1 if current else 0)
        if size + extra > limit and current:
            chunks.append("\n".join(current))
            current, size = [], 0
            extra = visible
        current.append(line)
        size += extra
    if current:
        chunks.append("\n".join(current))
    return [c for c in (chunk.strip("\n") for chunk in chunks) if c.strip()]


def _cut_long_line(plain: str, limit: int) -> Iterable[str]:
    while plain:
        if len(plain) <= limit:
            yield html.escape(plain, quote=False)
            return
        cut = plain.rfind(" ", 0, limit)
        cut = cut if cut > 0 else limit
        yield html.escape(plain[:cut], quote=False)
        plain = plain[cut:].lstrip()


def visible_length(html_text: str) -> int:
    """Characters Telegram counts: tags removed, entities decoded."""
    return len(html.unescape(_TAG.sub("", html_text)))


def to_plain(html_text: str) -> str:
    """Telegram HTML → plain text for the terminal (links keep their address)."""
    text = re.sub(r'<a href="([^"]+)">([^<]*)</a>', r"\2 (\1)", html_text)
    return html.unescape(_TAG.sub("", text))


@cache
def _load_labels_cached(path: str) -> dict[str, str]:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    return _flatten(data)


def _load_labels(path: Path) -> dict[str, str]:
    return dict(_load_labels_cached(str(path))) if path.exists() else {}


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, full + "."))
        else:
            flat[full] = str(value)
    return flat
