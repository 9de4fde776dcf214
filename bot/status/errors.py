"""Typed errors of the status feature; each `key` selects `bot/templates/errors/<key>.j2`."""

from __future__ import annotations

from bot.errors import TdktError


class StatusError(TdktError):
    """Base of the status feature's errors."""


class DossierNotFound(StatusError):
    """No dossier with this code among the units the user may see (same words as "not yours")."""

    def __init__(self, code: str) -> None:
        super().__init__("dossier_not_found", code=code)


class TransitionNotAllowed(StatusError):
    """The workflow has no such transition, or not for this user's side."""

    def __init__(self, from_status: str, to_status: str) -> None:
        super().__init__("transition_not_allowed", from_status=from_status, to_status=to_status)


class ReasonRequired(StatusError):
    """This transition needs a written reason (e.g. a refusal or a supplement request)."""

    def __init__(self, to_status: str) -> None:
        super().__init__("reason_required", to_status=to_status)


class ConcurrentChange(StatusError):
    """Someone changed the dossier first (optimistic locking); `status`/`version` are current."""

    def __init__(self, code: str, status: str, version: int) -> None:
        super().__init__("concurrent_change", code=code, status=status, version=version)
        self.status = status
        self.version = version


class TooManyLookups(StatusError):
    """The user's lookup budget is spent for now (anti-enumeration)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("too_many_lookups", retry_after=retry_after)
