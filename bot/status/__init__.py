"""Dossier status: access rules, the workflow state machine, the SLA clock, lookups, notices."""
