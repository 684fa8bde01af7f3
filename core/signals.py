"""Signals of the core app's own."""

from django.dispatch import Signal

# Sent after rows were changed all at once (a queryset's update(), which sends no save signal),
# with the rows' model as the sender: whatever depends on them (cached pages) is renewed.
rows_updated = Signal()
