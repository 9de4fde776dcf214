"""tdkt-bot core: configuration, database, engines and services. Knows nothing of Telegram."""
