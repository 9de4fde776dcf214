"""Fixtures for dossier tests."""

from __future__ import annotations

import pytest

from knowledge.dossier_schema import DossierKB, default_dossier_kb


@pytest.fixture(scope="session")
def kb() -> DossierKB:
    return default_dossier_kb()
