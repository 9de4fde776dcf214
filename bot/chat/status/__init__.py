"""The status journey: `/hoso`, dossier cards, search, the reviewer queue, status changes, the
import of a file in chat and inline mode.

Main-menu key "status" opens `open_from_menu`. Read `actions` first: its table says which
command, button (`codec`, `st:<verb>[:<arg>…]`, ≤ 64 bytes) or typed text goes where. `views`
are pure (what was read → reply); `lists` shows lists, searches and cards (which list a
principal sees is decided in one place, `lists.show_list`), `changes` makes a status change
(the typed reason waits in a flow row, ADR 001), `imports` takes the files of this journey and
`inline` answers `@bot <code or name>`. Not to be confused with `bot.status`, the feature
package this journey calls.
"""

from bot.chat.status.actions import JOURNEY, hoso, on_button, take_text
from bot.chat.status.codec import PREFIX
from bot.chat.status.inline import InlineItem, inline_results
from bot.chat.status.lists import card, lookup_text, open_from_menu
from bot.chat.status.shared import FLOW
from bot.status.errors import StatusError

__all__ = ["FLOW", "JOURNEY", "PREFIX", "InlineItem", "StatusError", "card", "hoso",
           "inline_results", "lookup_text", "on_button", "open_from_menu", "take_text"]
