"""Typed settings read once from the environment (and `.env`), validated before anything starts.

The bot token is a secret: it is never logged, never shown in `repr`, and refused when it does
not look like a Telegram token, so a typo fails at start-up with a clear message instead of a
401 from Telegram minutes later.
"""

from __future__ import annotations

import re
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.errors import ConfigError
from bot.offload import WorkLimits

# Telegram tokens look like "123456789:AAH..." (numeric bot id, colon, 35 url-safe characters).
_TOKEN_SHAPE = re.compile(r"^\d{3,15}:[A-Za-z0-9_-]{30,64}$")
_SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
DEFAULT_DATABASE_URL = "sqlite:///./tdkt.db"
TELEGRAM_API = "https://api.telegram.org/bot"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class Settings(BaseSettings):
    """Everything configurable, from `TDKT_*` variables (contracts §6)."""

    model_config = SettingsConfigDict(
        env_file=".env", env_prefix="TDKT_", extra="ignore", populate_by_name=True
    )

    bot_token: SecretStr | None = None
    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        validation_alias=AliasChoices("DATABASE_URL", "TDKT_DATABASE_URL"),
    )
    bot_api_base_url: str = TELEGRAM_API
    bot_api_file_url: str | None = None
    timezone: str = "Asia/Ho_Chi_Minh"
    webhook_secret: SecretStr | None = None
    admin_ids: str = ""
    max_upload_mb: int = Field(default=20, ge=1, le=2000)
    knowledge_dir: Path | None = None
    province: str | None = None
    # The bot's @username, for invite links (`t.me/<bot>?start=inv_…`) printed by `tdkt invite`.
    bot_username: str | None = None
    # Nominees one draft dossier may hold; a longer list is refused at upload (review H1).
    max_draft_nominees: int = Field(default=2000, ge=1, le=50_000)
    # Budgets of one heavy job (reading an upload, a check, an import, a report): ADR 007.
    work_seconds: float = Field(default=60.0, gt=0, le=3600)
    work_memory_mb: int = Field(default=1024, ge=128, le=65_536)
    work_processes: int = Field(default=2, ge=1, le=64)
    work_queue: int = Field(default=8, ge=0, le=1000)
    log_level: str = "INFO"
    # How long `tdkt run` keeps retrying an unreachable Bot API at start (seconds; None: forever).
    start_retry_seconds: float | None = Field(default=None, ge=0)

    @field_validator("bot_token", mode="before")
    @classmethod
    def _blank_token_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _TOKEN_SHAPE.match(value.get_secret_value().strip()):
            raise ValueError("malformed_token")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _SECRET_SHAPE.match(value.get_secret_value()):
            raise ValueError("malformed_webhook_secret")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("unknown_timezone") from exc
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError("invalid_log_level")
        return level

    @field_validator("admin_ids")
    @classmethod
    def _numeric_admins(cls, value: str) -> str:
        parts = [p for p in re.split(r"[,\s]+", value.strip()) if p]
        if any(not p.lstrip("-").isdigit() for p in parts):
            raise ValueError("malformed_admin_ids")
        return ",".join(parts)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def admin_id_set(self) -> frozenset[int]:
        return frozenset(int(p) for p in self.admin_ids.split(",") if p)

    @property
    def file_url(self) -> str:
        """The file download base: explicit, or derived from the API base (…/bot → …/file/bot)."""
        if self.bot_api_file_url:
            return self.bot_api_file_url
        base = self.bot_api_base_url.rstrip("/")
        if base.endswith("/bot"):
            return base[: -len("/bot")] + "/file/bot"
        return base + "/file/bot"

    @property
    def work_limits(self) -> WorkLimits:
        return WorkLimits(self.work_seconds, self.work_memory_mb, self.work_processes,
                          self.work_queue)

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024

    def token(self) -> str | None:
        return self.bot_token.get_secret_value().strip() if self.bot_token else None


# Which setting each validator's error key belongs to, for the one-line message.
_FIELD_KEYS = {
    "bot_token": "malformed_token",
    "webhook_secret": "malformed_webhook_secret",
    "timezone": "unknown_timezone",
    "admin_ids": "malformed_admin_ids",
    "max_upload_mb": "invalid_upload_limit",
    "log_level": "invalid_log_level",
}


def load_settings(**overrides: object) -> Settings:
    """Read and validate settings; a bad value becomes a ConfigError naming the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        key = _FIELD_KEYS.get(field, "invalid_setting")
        raise ConfigError(key, variable=_env_name(field)) from None


def _env_name(field: str) -> str:
    if field == "database_url":
        return "DATABASE_URL"
    return f"TDKT_{field.upper()}"
