"""gunicorn's settings for Fellesløft, read from the working directory by
`uv run gunicorn fellesloft.wsgi`; options on the command line override them.

Threads (gthread) rather than processes alone: a vote waits in its request thread while the
process's vote writer puts it in the same statement as the votes around it
(`fellesloft/dialogs/intake.py`), so more threads per process mean fewer, larger writes.
"""

import os

wsgi_app = "fellesloft.wsgi"
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "12"))
keepalive = 30
