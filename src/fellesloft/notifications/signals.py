"""What the notification services announce for the background work (tasks.py listens).

The e-mail task marks what it sent through the services, so the services do not import the
tasks: they send this signal, and tasks.py, loaded by the app's ready(), enqueues the e-mails.
"""

from django.dispatch import Signal

# notification_ids: notifications stored (and committed) that may need an e-mail.
notifications_stored = Signal()
