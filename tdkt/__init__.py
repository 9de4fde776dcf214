"""The front doors of tdkt-bot, above its composition root (`bot.app`, `bot.bootstrap`): the
`tdkt` command line (`tdkt.cli`), the runner (`tdkt.runner`), the terminal chat
(`tdkt.terminal`, `tdkt.terminal_identity`) and the demo seed (`tdkt.seed`). Nothing in `bot`,
`handlers` or `knowledge` imports this package (an import contract in pyproject.toml)."""
