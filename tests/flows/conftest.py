"""Flow tests share the real knowledge base, loaded once (it is read-only)."""

from __future__ import annotations

import pytest

from e2e.support import knowledge_base
from knowledge.loader import KnowledgeBase


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return knowledge_base()
