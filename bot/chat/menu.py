"""The main menu: the four journeys as buttons, shared by /start, /menu and the terminal."""

from __future__ import annotations

from bot.conversation.callbacks import encode
from bot.render import Button, Renderer

MENU_PREFIX = "m"
# Journey keys in menu order; each maps to a label `menu.<key>` and a button `m:<key>`.
MENU_ITEMS = ("elig", "check", "status", "remind")


def menu_buttons(renderer: Renderer) -> list[list[Button]]:
    """Two buttons per row fit a phone screen without truncating Vietnamese labels."""
    buttons = [renderer.button(f"menu.{key}", encode(MENU_PREFIX, key)) for key in MENU_ITEMS]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
