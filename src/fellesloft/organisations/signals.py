"""What the organisation services announce for the background work (tasks.py listens), so the
services do not import the tasks."""

from django.dispatch import Signal

# invitation_id: an invitation saved (and committed) whose e-mail is to be sent.
invitation_sent = Signal()
