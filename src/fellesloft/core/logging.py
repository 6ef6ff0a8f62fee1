"""Logging filters: an ordinary refusal is one line, a real failure keeps its traceback."""

import logging

from django.core.exceptions import PermissionDenied


class PermissionDeniedWithoutTraceback(logging.Filter):
    """Django logs every 403 with the PermissionDenied exception attached, so each refused
    request wrote a full traceback. A refusal is expected behaviour: keep the one line
    («Forbidden (Permission denied): /path»), at warning level or below, and drop the
    traceback. Errors that are not refusals pass unchanged."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
            record.levelno = min(record.levelno, logging.WARNING)
            record.levelname = logging.getLevelName(record.levelno)
        return True
