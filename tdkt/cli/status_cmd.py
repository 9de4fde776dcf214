"""`tdkt import KIND FILE` and `tdkt export KIND FILE` (contracts §1): all or nothing, exit 2
with row-numbered errors."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
from pathlib import Path

from bot.bootstrap import load_kb, open_database
from bot.config import load_settings
from bot.errors import InputError
from bot.render import Renderer, to_plain
from bot.transfer.service import ImportRejected, export_kind, import_kind

MAX_ERRORS_SHOWN = 50


def import_cmd(args: argparse.Namespace, renderer: Renderer) -> int:
    from tdkt.cli.inputs import read_input_bytes

    path = Path(args.file)
    content = read_input_bytes(args.file)
    settings = load_settings()
    kb = load_kb(settings)

    async def go() -> int:
        database = await open_database(settings)
        try:
            return await import_kind(
                database, args.kind, path.name, content, dt.datetime.now(dt.UTC), None, kb=kb
            )
        finally:
            await database.dispose()

    try:
        count = asyncio.run(go())
    except ImportRejected as rejected:
        text = renderer.render(
            "transfer/rejected.j2",
            errors=rejected.errors[:MAX_ERRORS_SHOWN],
            total=len(rejected.errors),
            file=path.name,
        )
        print(to_plain(text), file=sys.stderr)
        return 2
    print(to_plain(renderer.render("transfer/imported.j2", kind=args.kind, count=count)))
    return 0


def export_cmd(args: argparse.Namespace, renderer: Renderer) -> int:
    path = Path(args.file)
    settings = load_settings()

    async def go() -> tuple[bytes, int]:
        database = await open_database(settings)
        try:
            return await export_kind(database, args.kind, path.name)
        finally:
            await database.dispose()

    content, count = asyncio.run(go())
    try:
        path.write_bytes(content)
    except OSError as exc:
        raise InputError("file_unreadable", path=str(path), detail=type(exc).__name__) from None
    print(
        to_plain(
            renderer.render("transfer/exported.j2", kind=args.kind, count=count, file=str(path))
        )
    )
    return 0
