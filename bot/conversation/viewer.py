"""Who is behind a turn: a registered officer (with unit and role), the local console, or a guest.

The values only; `bot.identify.identify` looks the user up.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    GUEST = "guest"
    OFFICER = "officer"
    REVIEWER = "reviewer"
    ADMIN = "admin"


@dataclass(frozen=True)
class Viewer:
    """The identity behind a turn. Guests may use the law tools but see no unit data."""

    role: Role
    officer_id: int | None = None
    full_name: str | None = None
    unit_id: int | None = None
    unit_name: str | None = None
    # The province whose rules apply to the unit (None: a guest, or not recorded for the unit).
    province: str | None = None

    @property
    def registered(self) -> bool:
        return self.role is not Role.GUEST
