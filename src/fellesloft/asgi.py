"""The ASGI application that `gunicorn.conf.py` serves with gunicorn's ASGI worker.

Votes are answered on the event loop (`dialogs/intake.py`); everything else is the WSGI
application of `fellesloft/wsgi.py`, run in a pool of `WEB_THREADS` threads per process.
"""

import os

from fellesloft import wsgi  # first: it sets Django up
from fellesloft.dialogs.intake import AsgiVoteIntake

application = AsgiVoteIntake(wsgi.application, threads=int(os.environ.get("WEB_THREADS", "12")))
