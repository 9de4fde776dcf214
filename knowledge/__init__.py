"""The law as data: YAML rule files with citations and effective dates, and their typed loader."""
