"""Campaigns and deadline reminders: plan who must be reminded when, and push it via the outbox.

Modules: `plan` (offsets, send time, quiet hours — pure), `dates` (typed dd/mm/yyyy),
`schedule` (which slot is due — pure), `campaigns` (campaign service), `audience` (who still has
to act), `preferences` (/nhac, snooze, "đã nộp"), `digest` (reviewers' daily digest), `planner`
(due reminders → outbox rows), `budget` (global send budget shared by instances), `tick` (one pass).
"""
