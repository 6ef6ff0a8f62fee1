"""gunicorn's settings for Fellesløft, read from the working directory by `uv run gunicorn`;
options on the command line override them.

gunicorn's ASGI worker, serving `fellesloft/asgi.py`: a vote is answered on the worker's event
loop while the process's vote writer puts it in the same statement as the votes around it
(`fellesloft/dialogs/intake.py`), so hundreds of participants cost no thread each; every other
request is Django's, in a pool of `WEB_THREADS` threads per process.
"""

import os

wsgi_app = "fellesloft.asgi:application"
worker_class = "asgi"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
keepalive = 30
# No control socket (gunicornc): it would live in the home directory, shared by every server
# started there (tests and benchmarks start their own).
control_socket_disable = True
