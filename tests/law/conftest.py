"""Shared fixtures: the real knowledge base, loaded once."""

from __future__ import annotations

import pytest

from e2e.support import knowledge_base
from knowledge.loader import KnowledgeBase


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return knowledge_base()
