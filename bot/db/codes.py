"""Random public codes: dossier codes (`KT-2026-7H3K9Q`) and invite codes.

Dossier codes are typed by people, so the alphabet drops look-alikes (0/O, 1/I/L) and parsing
is forgiving about case, spaces and dashes. Six symbols from 31 give ~887 million codes per year:
not enumerable in practice, and lookups are rate-limited anyway.
"""

from __future__ import annotations

import re
import secrets
from random import Random

DOSSIER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
DOSSIER_PREFIX = "KT"
_RANDOM_LEN = 6
_DOSSIER_RE = re.compile(rf"^{DOSSIER_PREFIX}-?(\d{{4}})-?([{DOSSIER_ALPHABET}]{{{_RANDOM_LEN}}})$")
_CANONICAL_RE = re.compile(rf"{DOSSIER_PREFIX}-\d{{4}}-[{DOSSIER_ALPHABET}]{{{_RANDOM_LEN}}}")
_SEPARATORS_RE = re.compile(r"[\s_.\-]+")
INVITE_BYTES = 18  # 24 URL-safe characters; fits Telegram's /start payload (≤ 64, A-Za-z0-9_-)


def new_dossier_code(year: int, rng: Random | None = None) -> str:
    """A fresh dossier code; pass `rng` for deterministic demo data, otherwise `secrets` is used."""
    pick = rng.choice if rng is not None else secrets.choice
    tail = "".join(pick(DOSSIER_ALPHABET) for _ in range(_RANDOM_LEN))
    return f"{DOSSIER_PREFIX}-{year:04d}-{tail}"


def parse_dossier_code(text: str) -> str | None:
    """The canonical code in `text` ("kt 2026 7h3k9q" → "KT-2026-7H3K9Q"), or None."""
    if _CANONICAL_RE.fullmatch(text):  # already parsed (a code passed on from a lookup)
        return text
    squeezed = _SEPARATORS_RE.sub("", text.strip().upper())
    match = _DOSSIER_RE.match(squeezed)
    if match is None:
        return None
    return f"{DOSSIER_PREFIX}-{match.group(1)}-{match.group(2)}"


def new_invite_code() -> str:
    """A random, URL-safe, single-use invite code (24 characters)."""
    return secrets.token_urlsafe(INVITE_BYTES)
