"""Bulk import/export of units, officers, people with award history and dossiers (.xlsx/.csv)."""
