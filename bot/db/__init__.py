"""The database layer: models, migrations, the `Database` handle and small repositories.

Everything here is plain async Python on SQLAlchemy 2; nothing imports `telegram` and nothing
reads the clock (callers pass `now`). Works on SQLite (default, one host) and PostgreSQL.
"""
