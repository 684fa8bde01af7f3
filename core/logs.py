"""Logging helpers referenced from settings.LOGGING."""

import logging


class WithoutTraceback(logging.Filter):
    """Logs the record as one warning line: no traceback, level lowered to WARNING."""

    def filter(self, record):
        record.exc_info = record.exc_text = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
