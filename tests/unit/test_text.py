"""Officers type without diacritics; names and award titles must still match."""

import unicodedata

from bot.text import best_matches, fold, normalize_name


def test_fold_removes_diacritics_case_and_punctuation() -> None:
    assert fold("Bằng khen của Thủ tướng Chính phủ") == "bang khen cua thu tuong chinh phu"
    assert fold("  ĐỖ   Văn  Long, ") == "do van long"


def test_normalize_name_keeps_the_name_as_written_and_tidies_spacing() -> None:
    assert normalize_name("  trần   thị MAI ") == "trần thị MAI"
    decomposed = unicodedata.normalize("NFD", "H'Hen  Niê")
    assert normalize_name(decomposed) == unicodedata.normalize("NFC", "H'Hen Niê")
    for name in ("H'Hen Niê", "Y-Moan Ênuôl", "Ksor H'Bơ Khắp", "Phạm McKinley", "(Chị) Lan"):
        assert normalize_name(name) == name


def test_best_matches_finds_award_typed_without_diacritics() -> None:
    choices = {
        "bang_khen_thu_tuong": ["Bằng khen của Thủ tướng Chính phủ"],
        "bang_khen_tinh": ["Bằng khen của Chủ tịch UBND tỉnh"],
    }
    matches = best_matches("bang khen thu tuong", choices)
    assert matches[0].key == "bang_khen_thu_tuong"
    assert matches[0].label == "Bằng khen của Thủ tướng Chính phủ"


def test_best_matches_returns_nothing_for_empty_query() -> None:
    assert best_matches("  ,, ", {"x": ["Lao động tiên tiến"]}) == []
