"""Imported by the worker fork server (`bot.offload.PRELOAD`): the jobs' modules and the file
libraries they use, warm.

The knowledge base is not loaded here: each job gets the one the bot runs with as an argument.
"""

from bot import jobs

jobs.warm()
