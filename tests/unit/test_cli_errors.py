"""Bad command lines and environments give one Vietnamese line and exit 2, never a traceback."""

from __future__ import annotations

import pytest

from tdkt.cli import main


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["run", "--bogus"], "Không nhận ra tham số --bogus"),
        (["run", "--port", "abc"], "--port không hợp lệ"),
        (["seed"], "Thiếu tham số bắt buộc: --demo"),
    ],
)
def test_bad_arguments_are_one_vietnamese_line(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_malformed_token_is_refused_before_anything_starts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TDKT_BOT_TOKEN", "abc")
    assert main(["run"]) == 2
    assert "TDKT_BOT_TOKEN không đúng dạng" in capsys.readouterr().err


def test_unsupported_database_url_is_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://x/y")
    assert main(["db", "upgrade"]) == 2
    assert 'DATABASE_URL "mysql://x/y" không hợp lệ' in capsys.readouterr().err


def test_unreachable_database_is_named_without_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:secret@127.0.0.1:1/x")
    assert main(["db", "upgrade"]) == 2
    err = capsys.readouterr().err
    assert "Không kết nối được cơ sở dữ liệu" in err
    assert "secret" not in err


def test_db_upgrade_creates_the_sqlite_database(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    target = tmp_path / "new.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{target}")
    assert main(["db", "upgrade"]) == 0
    assert target.exists()
    assert main(["db", "upgrade"]) == 0  # idempotent


def test_corrupt_knowledge_file_is_reported_with_file_and_key(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    import shutil

    from knowledge.loader import KNOWLEDGE_DIR

    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, root)
    awards = sorted((root / "awards").glob("*.yaml"))
    target = next(p for p in awards if p.name != "index.yaml")
    target.write_text(
        target.read_text(encoding="utf-8") + "\n  bogus: [unclosed\n", encoding="utf-8"
    )
    monkeypatch.setenv("TDKT_KNOWLEDGE_DIR", str(root))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'k.db'}")
    assert main(["db", "upgrade"]) == 0  # the database does not need the law
    monkeypatch.chdir(tmp_path)
    code = main(["chat"])
    err = capsys.readouterr().err
    assert code == 2
    assert target.name in err


def test_knowledge_check_lists_every_problem_and_exits_1(
    monkeypatch: pytest.MonkeyPatch, tmp_path, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    import shutil

    from knowledge.loader import KNOWLEDGE_DIR

    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, root)
    catalogue = root / "awards" / "catalogue.yaml"
    text = catalogue.read_text(encoding="utf-8")
    # Remove the citation of the first award: the loader must name the file and the award.
    first_citation = text.index("    citation:")
    end = text.index("\n", first_citation)
    catalogue.write_text(text[:first_citation] + text[end + 1 :], encoding="utf-8")
    monkeypatch.setenv("TDKT_KNOWLEDGE_DIR", str(root))
    assert main(["knowledge", "check"]) == 1
    out = capsys.readouterr().out
    assert "catalogue.yaml" in out
    assert "citation" in out


def test_knowledge_check_passes_on_the_shipped_data(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["knowledge", "check"]) == 0
    assert "hợp lệ" in capsys.readouterr().out
