"""Printing rendered templates as plain text on the terminal."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from bot.render import Renderer, to_plain


def print_plain(
    renderer: Renderer, template: str, file: TextIO | None = None, **context: Any
) -> None:
    print(to_plain(renderer.render(template, **context)), file=file or sys.stdout)
