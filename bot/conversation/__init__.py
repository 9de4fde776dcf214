"""The small shared vocabulary of a conversation, below every feature that speaks it.

- `turn`: one user action as plain values (`Turn`, `IncomingFile`);
- `viewer`: who is behind a turn (`Role`, `Viewer`; `bot.identify.identify` looks them up);
- `callbacks`: the button payload codec (`encode`, `parts`, `number`, `StaleButton`…);
- `sessions`: a chat's flow state in the database (`FlowState`, `load_flow`, `update_flow`, …).

Features (interview, reminders, status) and the chat journeys import these; nothing here
imports a feature or the chat layer.
"""
