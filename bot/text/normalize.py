"""Fold Vietnamese text to a comparable key: NFC, lower-case, no diacritics, đ→d, single spaces.

Officers type on phones, often without diacritics ("bang khen thu tuong"); every comparison of
names, award titles and free text goes through `fold` so that "Bằng khen" and "bang khen" match.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)
# đ/Đ have no Unicode decomposition, so NFD alone does not turn them into d.
_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})


def _letter_table() -> dict[int, str]:
    """Each accented Latin letter (lower-cased) → its letters without combining marks."""
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        table[code] = _strip_marks(chr(code))
    for code in range(0x1E00, 0x1F00):
        table[code] = _strip_marks(chr(code))
    return table


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


_LETTERS = _letter_table()


def fold(text: str) -> str:
    """Lower-case, strip diacritics and punctuation, squeeze whitespace."""
    if len(text) <= _SHORT:
        return _fold_short(text)
    return _fold(text)


# Names and cell texts are folded several times per check (reader, assembler, duplicate check):
# short texts are remembered; long ones (a document's paragraphs) are not kept.
_SHORT = 120


@lru_cache(maxsize=32768)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_D_MAP).lower()
    # Fast path (names, titles): every letter is ASCII once its marks are dropped by table;
    # the same result as the general path below, character by character.
    quick = text.translate(_LETTERS)
    if quick.isascii():
        return _SPACES.sub(" ", _NON_WORD.sub(" ", quick)).strip()
    stripped = _NON_WORD.sub(" ", _strip_marks(text))
    return _SPACES.sub(" ", stripped).strip()


def normalize_name(name: str) -> str:
    """A person's name exactly as written, tidied: NFC and single spaces, never re-cased.

    A commendation carries the name as on the ID card: "H'Hen Niê", "Y-Moan Ênuôl",
    "Phạm McKinley" keep every capital. Matching goes through `fold`, which ignores case.
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name)).strip()
