"""Imported by the worker fork server (`bot.offload.PRELOAD`): jobs' modules and caches, warm."""

from bot import jobs

jobs.warm()
