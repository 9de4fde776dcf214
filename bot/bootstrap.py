"""Start-up steps shared by the CLI, the terminal chat and the bot: settings, database, knowledge.

Each step turns its failure into a typed error with a Vietnamese template key, so `tdkt` can
print one clear line (exit 2) instead of a traceback, and nothing is half-written.
"""

from __future__ import annotations

from bot.config import Settings
from bot.db.session import Database
from bot.errors import ConfigError
from bot.render import Renderer
from bot.services import Services
from knowledge.loader import KnowledgeBase, KnowledgeError, load_knowledge


def load_kb(settings: Settings) -> KnowledgeBase:
    try:
        return load_knowledge(settings.knowledge_dir)
    except KnowledgeError as error:
        first = error.errors[0]
        raise ConfigError(
            "knowledge_invalid",
            file=first.file,
            entry=first.key,
            message=first.message,
            count=len(error.errors),
        ) from None


async def open_database(settings: Settings, migrate: bool = True) -> Database:
    """Connect, check the server answers, and bring the schema to the latest migration."""
    from bot.db.errors import DatabaseUnavailable, InvalidDatabaseUrl

    try:
        db = Database(settings.database_url)
    except InvalidDatabaseUrl:
        raise ConfigError("database_url_invalid", url=_safe_url(settings.database_url)) from None
    try:
        await db.ping()
        if migrate:
            await db.upgrade()
    except DatabaseUnavailable:
        await db.dispose()
        raise ConfigError("database_unreachable", url=_safe_url(settings.database_url)) from None
    return db


async def build_services(settings: Settings, renderer: Renderer | None = None) -> Services:
    kb = load_kb(settings)
    db = await open_database(settings)
    return Services(settings=settings, db=db, kb=kb, renderer=renderer or Renderer())


def _safe_url(url: str) -> str:
    """The database URL without its password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1]
