"""The conversation core shared by Telegram and the terminal: turns in, replies out.

A *journey* module (common, eligibility, dossier, status, reminders) declares the commands and
the callback prefix it answers; `bot.chat.router` dispatches a `Turn` to it. Telegram handlers
and the terminal chat both go through the same router, so the two front ends cannot drift.
"""
