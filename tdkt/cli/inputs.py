"""What the `tdkt` commands read from their arguments: ISO dates, files, JSON (stdin with `-`).

Kept apart from the dispatcher (`tdkt.cli.commands`) so the command modules that use them do not
import the module that imports them.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from bot.errors import InputError


def parse_iso_date(value: str | None, field: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError("bad_date", field=field, value=value) from None


def read_input_bytes(path: str) -> bytes:
    """A file's bytes; a missing or unreadable file is an InputError naming it."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("file_not_found", path=path) from None
    except OSError as exc:
        raise InputError("file_unreadable", path=path, detail=type(exc).__name__) from None


def read_json_input(path: str) -> Any:
    """JSON from a file or stdin (`-`); a syntax error names the line and column."""
    try:
        raw = sys.stdin.read() if path == "-" else read_input_bytes(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("file_unreadable", path=path, detail=type(exc).__name__) from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(
            "bad_json", path=path, line=exc.lineno, column=exc.colno, detail=exc.msg
        ) from None
