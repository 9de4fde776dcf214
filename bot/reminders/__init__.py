"""Campaigns and deadline reminders: plan who must be reminded when, and push it via the outbox.

Modules: `plan` (offsets, send time, quiet hours — pure), `dates` (typed dd/mm/yyyy),
`schedule` (which slot is due — pure), `campaigns` (campaign service), `audience` (who still has
to act), `preferences` (/nhac, snooze, "đã nộp"), `messages` (reminder and digest payloads),
`planner` (due reminders and digests → outbox rows), `pacing` (send slots shared by every
instance, quiet hours), `tick` (one pass: plan, then deliver), `transfer` (import/export).
"""
