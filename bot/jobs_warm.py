"""Imported by the worker fork server (`bot.offload.PRELOAD`): the jobs' modules, warm.

The knowledge base is not loaded here: each job gets the one the bot runs with as an argument.
"""

from bot import jobs  # noqa: F401  (imported for its side effect: every job module loaded)
