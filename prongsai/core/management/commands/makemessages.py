"""makemessages without fuzzy matching: a new msgid never inherits a similar msgid's Thai.

GNU msgmerge guesses translations for new strings from similar old ones and marks them fuzzy;
for short admin labels those guesses are wrong more often than right.
"""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
