"""The reader corpus (tests/dossier/corpus): office documents as offices write them.

Per file, the manifest read equals the expected one; per complete dossier, no error that the
dossier does not truly have; over the corpus, at least 95 % of the fields are read.
"""

from __future__ import annotations

import pytest

from bot.dossier.readers import read_files
from e2e.support import dossier_kb
from knowledge.dossier_schema import DossierKB
from tests.dossier.corpus.generate import CORPUS
from tests.dossier.corpus.measure import Score, built, expected, score


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return built()


@pytest.fixture(scope="module")
def measured(kb: DossierKB, files: dict[str, bytes]) -> Score:
    return score(kb, files)


def test_the_corpus_is_large_and_fully_described() -> None:
    assert len(CORPUS) >= 40
    assert set(expected()) == set(CORPUS)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_file_reads_as_expected(name: str, measured: Score) -> None:
    assert measured.got[name] == expected()[name]


def test_complete_dossiers_get_no_false_error_and_real_errors_are_found(measured: Score) -> None:
    assert measured.false_errors == {}
    assert measured.missed_errors == {}


def test_at_least_95_percent_of_fields_are_read(measured: Score) -> None:
    print(f"corpus: {measured.files} files, {measured.read}/{measured.fields} fields read "
          f"({measured.read_ratio:.1%}), false errors: {len(measured.false_errors)}")
    assert measured.read_ratio >= 0.95


def test_the_lists_vote_column_settles_the_vote_question(files: dict[str, bytes]) -> None:
    draft = read_files([(n, files[n]) for n in (
        "ds_truong_thpt_bk_tinh.xlsx", "bb_khong_doc_duoc_phieu.docx")], kb=dossier_kb())
    assert "council.votes" not in {q.key for q in draft.questions}
    assert draft.manifest.council is not None
    assert sorted(v.agree for v in draft.manifest.council.votes.values()) == [10, 10, 11]
