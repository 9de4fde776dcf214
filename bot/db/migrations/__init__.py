"""Alembic migrations of the tdkt-bot schema (run through `Database.upgrade()`)."""
