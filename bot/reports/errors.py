"""Typed errors of the reports feature; each `key` selects `bot/templates/errors/<key>.j2`."""

from __future__ import annotations

from bot.errors import InputError


class ReportError(InputError):
    """A report request or an inspection record that cannot be honoured (bad scope or input)."""
