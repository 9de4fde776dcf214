"""The reminders journey: /nhac (an officer's reminder settings and the unit's deadlines), the
buttons on a reminder ("Nhắc lại sau 1 ngày", "Đơn vị đã nộp", which asks for a confirmation
since it silences the unit's reminders), and campaign creation and editing by reviewers and admins
(buttons, dates typed dd/mm/yyyy).

Read `actions` first: its tables say which command, button (`codec`) or typed answer in which
form step goes where. `views` are pure (state → reply); `settings`, `campaigns` and `form` do
the work. State of a multi-step form is the `remind` flow row (`bot.conversation.sessions`);
each step is a key in its answers.
"""

from bot.chat.reminders.actions import JOURNEY, entry, on_button, take_text
from bot.chat.reminders.settings import preferences
from bot.chat.reminders.shared import FLOW

__all__ = ["FLOW", "JOURNEY", "entry", "on_button", "preferences", "take_text"]
