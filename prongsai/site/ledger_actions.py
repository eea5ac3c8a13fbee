from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from prongsai import ledger

ledger.register_action("site.question_answer", label=_("Question answered in public"))
ledger.register_action("site.question_reject", label=_("Question kept off the public board"))
