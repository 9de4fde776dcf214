"""Vietnamese text handling: normalisation (diacritics folded) and fuzzy matching."""

from bot.text.match import Match, best_matches
from bot.text.normalize import fold, normalize_name

__all__ = ["Match", "best_matches", "fold", "normalize_name"]
