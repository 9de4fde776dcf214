"""`tdkt run` as a user starts it: a real process, polling a Bot API server, answering /start.

This is the composition root exercised end to end (settings from the environment, automatic
migration, the command menu, polling, a clean stop on Ctrl-C) — no in-process shortcuts.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from fakebot.server import FakeTelegram


async def test_tdkt_run_with_a_token_answers_start_and_stops_cleanly(
    fake_server: FakeTelegram, tmp_path: Path
) -> None:
    database = tmp_path / "run.db"
    env = {
        **os.environ,
        "TDKT_BOT_TOKEN": fake_server.token,
        "TDKT_BOT_API_BASE_URL": fake_server.base_url,
        "DATABASE_URL": f"sqlite:///{database}",
    }
    env.pop("TDKT_TEST_DATABASE_URL", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tdkt.cli.main", "run",
        env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        # The bot registers its Vietnamese command menu once it is up.
        assert await fake_server.wait_until(lambda: bool(fake_server.commands()), 30)
        user = fake_server.user(3001, "Tâm")
        user.timeout = 15
        await user.send("/start")
        assert "chưa được đăng ký" in user.last_reply().text
        assert database.exists(), "tdkt run must create and migrate the database"
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, stderr.decode()[-2000:]
    assert fake_server.token not in stderr.decode(), "the token must never be logged"


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed again when the block ends


async def test_tdkt_run_with_an_unreachable_bot_api_says_so_in_one_line_and_retries(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "TDKT_BOT_TOKEN": "123456789:AAHfakeTokenForTests_0123456789abcdef",
        "TDKT_BOT_API_BASE_URL": f"http://127.0.0.1:{_closed_port()}/bot",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}",
        "TDKT_START_RETRY_SECONDS": "8",  # tries at 0, 1, 3 (7) s; room for a slow start
    }
    env.pop("TDKT_TEST_DATABASE_URL", None)
    env.pop("TDKT_LOG_LEVEL", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tdkt.cli.main", "run",
        env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    _, stderr_bytes = await asyncio.wait_for(process.communicate(), 120)
    stderr = stderr_bytes.decode()
    assert process.returncode == 2, stderr[-2000:]
    assert "Traceback" not in stderr
    said = [line for line in stderr.splitlines() if "Bot API" in line and "ERROR" not in line]
    assert len([line for line in said if "sẽ tự thử lại" in line]) == 1
    assert "Không kết nối được máy chủ Bot API" in said[-1]
    assert "still unreachable" in stderr  # it did retry
    assert len(stderr.splitlines()) <= 8, stderr
    assert "AAHfakeTokenForTests" not in stderr
