"""Fold Vietnamese text to a comparable key: NFC, lower-case, no diacritics, đ→d, single spaces.

Officers type on phones, often without diacritics ("bang khen thu tuong"); every comparison of
names, award titles and free text goes through `fold` so that "Bằng khen" and "bang khen" match.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)
# đ/Đ have no Unicode decomposition, so NFD alone does not turn them into d.
_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case, strip diacritics and punctuation, squeeze whitespace."""
    text = unicodedata.normalize("NFC", text).translate(_D_MAP).lower()
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = _NON_WORD.sub(" ", stripped)
    return _SPACES.sub(" ", stripped).strip()


def normalize_name(name: str) -> str:
    """A person's name exactly as written, tidied: NFC and single spaces, never re-cased.

    A commendation carries the name as on the ID card: "H'Hen Niê", "Y-Moan Ênuôl",
    "Phạm McKinley" keep every capital. Matching goes through `fold`, which ignores case.
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name)).strip()
