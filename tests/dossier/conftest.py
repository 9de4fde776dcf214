"""Fixtures for dossier tests."""

from __future__ import annotations

import pytest

from e2e.support import dossier_kb
from knowledge.dossier_schema import DossierKB


@pytest.fixture(scope="session")
def kb() -> DossierKB:
    return dossier_kb()
