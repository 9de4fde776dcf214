"""Reports of a province or unit: figures, charts, the inspection list and exemplary candidates."""
