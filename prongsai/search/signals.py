"""Signals other apps may listen to without search importing them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent after a search from the public page or the API has run, with ``request`` and ``results``
# (a ``SearchResults``). The statistics app counts searches with it.
search_performed = Signal()

# Sent after the index has changed (documents added, replaced or removed, or a rebuild), with
# ``keys`` (the documents' keys, or None for a rebuild). The public site empties its page cache,
# so a search result page cached before a document's text was read is not served afterwards.
index_changed = Signal()
