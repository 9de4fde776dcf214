"""The complete schema: `Base.metadata` after every model module of `bot.db` is imported.

Features add their tables in `bot/db/models_<feature>.py`; Alembic's environment and the
migration/model parity test need all of them, not only the ones some caller happened to import.
"""

from __future__ import annotations

import importlib
import pkgutil

from sqlalchemy import MetaData

import bot.db
from bot.db.models import Base


def full_metadata() -> MetaData:
    """`Base.metadata` with the tables of every `bot.db.models*` module registered."""
    for module in pkgutil.iter_modules(bot.db.__path__):
        if module.name.startswith("models"):
            importlib.import_module(f"bot.db.{module.name}")
    return Base.metadata


def head_revision() -> str | None:
    """The newest migration's revision id (what `upgrade()` brings a database to)."""
    from alembic.script import ScriptDirectory

    from bot.db.session import alembic_config

    return ScriptDirectory.from_config(alembic_config()).get_current_head()
