"""Signals other apps may listen to without search importing them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent after a search from the public page or the API has run, with ``request`` and ``results``
# (a ``SearchResults``). The statistics app counts searches with it.
search_performed = Signal()
