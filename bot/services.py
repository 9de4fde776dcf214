"""The typed container of long-lived services handed to every journey (built in one place)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.render import Renderer

if TYPE_CHECKING:
    from bot.db.session import Database
    from knowledge.loader import KnowledgeBase


@dataclass
class Services:
    """Settings, database, the law as data and the renderer — nothing per-user, nothing mutable."""

    settings: Settings
    db: Database
    kb: KnowledgeBase
    renderer: Renderer

    def __post_init__(self) -> None:
        # The renderer names awards (the `award_group` filter) from this knowledge base.
        self.renderer.know_awards(self.kb)
