"""Fixtures of the reports tests: the small province of `world.py` and the knowledge base."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.db.session import Database
from e2e.support import knowledge_base
from knowledge.loader import KnowledgeBase

from .world import World, build_world


@pytest.fixture
async def world(db: Database, pinned_now: dt.datetime) -> World:
    return await build_world(db, pinned_now)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return knowledge_base()
