"""Typed errors of the dossier package (the edge maps them to messages and exit codes)."""

from __future__ import annotations

from bot.errors import TdktError


class UnreadableInput(TdktError):
    """A path given to `check_path` cannot be read at all (missing, empty folder, wrong type).

    The CLI maps it to exit code 2 (contracts §1)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__("dossier_unreadable", path=path, reason=reason)
        self.path = path
        self.reason = reason
