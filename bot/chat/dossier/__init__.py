"""The draft-dossier check journey: uploads or a guided checklist → one draft → cited findings.

Main-menu key "check" opens `entry`; `/mau` sends the blank templates. Files sent in the chat
join the draft in the `dossier` flow row (what each file contributed, never its bytes); questions
the readers could not settle are asked with buttons. The check button (label `dossier.check`)
runs the checker on the date the competent body receives the dossier (the flow's `as_of`, today
by default) and answers with a summary, findings page by page (`dossier.next_page`) and the
findings as `.xlsx`.

Read `actions` first: its tables say which command, button (`codec`, `dh:<verb>[:<arg>…]`) or
typed text in which draft step goes where. `views` are pure (state → reply); `uploads`,
`checklist`, `check` and `blanks` do the work. Not to be confused with `bot.dossier`, the
feature package this journey calls.
"""

from bot.chat.dossier.actions import JOURNEY, entry, on_button, take_text
from bot.chat.dossier.blanks import blanks
from bot.chat.dossier.check import run_check
from bot.chat.dossier.codec import PREFIX
from bot.chat.dossier.shared import FLOW
from bot.chat.dossier.uploads import size_detail, take_file

__all__ = ["FLOW", "JOURNEY", "PREFIX", "blanks", "entry", "on_button", "run_check",
           "size_detail", "take_file", "take_text"]
