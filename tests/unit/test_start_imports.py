"""A started bot holds only what every update needs (issue 16 item 7: RSS ≤ 200 MB after start).

The libraries that read and write files — openpyxl (and numpy, which it pulls in when present),
python-docx, pypdf (with Pillow and fontTools), python-calamine, matplotlib — are imported where
a file is read or written, which is in the job workers (`bot.offload`; their fork server imports
them once, `bot.jobs.warm`), never by the bot process at start. Checked in a fresh interpreter,
so that other tests' imports do not count.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("openpyxl", "docx", "pypdf", "PIL", "fontTools", "numpy", "python_calamine", "matplotlib")

# What `tdkt run` does before the first update: the CLI entry, settings, knowledge, renderer,
# router and the Application with its handlers. The job workers' fork server is another process
# (and takes seconds to warm), so it is left out here.
START = """
import json, sys, types
import tdkt.cli
import bot.app
from bot.bootstrap import load_kb
from bot.config import Settings
from bot.render import Renderer

settings = Settings(bot_token="123456789:AAHfakeTokenForTests_0123456789abcdef", _env_file=None)
services = types.SimpleNamespace(
    settings=settings, kb=load_kb(settings), renderer=Renderer(), db=None
)
bot.app.warm_up = lambda: None
bot.app.build_application(settings, services, outbox_tick=False)
print(json.dumps(sorted(m for m in HEAVY if m in sys.modules)))
"""


def test_starting_the_bot_imports_no_file_library() -> None:
    code = f"HEAVY = {HEAVY!r}\n{START}"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_the_job_workers_import_them_once_at_warm_up() -> None:
    code = (
        f"import json, sys\nHEAVY = {HEAVY!r}\nfrom bot import jobs\njobs.warm()\n"
        "print(json.dumps(sorted(m for m in ('openpyxl', 'docx', 'pypdf') if m in sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == ["docx", "openpyxl", "pypdf"]
