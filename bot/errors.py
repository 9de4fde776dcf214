"""Typed errors of the core. Each carries a machine `key` that selects a Vietnamese template.

The edge (CLI, handlers) catches these narrowly and renders `errors/<key>.j2`; anything else is
a bug and goes to the one global error handler.
"""

from __future__ import annotations

from typing import Any


class TdktError(Exception):
    """Base of every error the user can be told about. `key` names the template."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:
        details = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.key}({details})" if details else self.key


class ConfigError(TdktError):
    """A setting is missing or malformed."""


class InputError(TdktError):
    """A command-line argument or input file is not acceptable."""


class AccessDenied(TdktError):
    """The user may not see or change this."""
