"""Alembic environment: runs on the connection `Database.upgrade()` hands over.

Run standalone (`alembic -x url=… revision --autogenerate`) it builds its own async engine from
the `url` argument or `DATABASE_URL`.
"""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from bot.db.metadata import full_metadata
from bot.db.url import to_async_url

target_metadata = full_metadata()


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_standalone() -> None:
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get(
        "DATABASE_URL", "sqlite:///./tdkt.db"
    )
    engine = create_async_engine(to_async_url(url))
    async with engine.connect() as conn:
        await conn.run_sync(_configure_and_run)
        await conn.commit()
    await engine.dispose()


given = context.config.attributes.get("connection")
if given is not None:
    _configure_and_run(given)
else:
    asyncio.run(_run_standalone())
