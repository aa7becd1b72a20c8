"""Structured logs: one JSON object a line on stderr, which log collectors parse without rules.

Each line has time, level, logger and message, and for a request's log its method, path and
status; an exception's traceback is one escaped string inside its line. LOG_FORMAT=text gives
plain lines for a person at a terminal (the default with DEBUG on).
"""

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            entry["method"] = request.method
            entry["path"] = request.get_full_path()
        if hasattr(record, "status_code"):
            entry["status"] = record.status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class OneLine(logging.Filter):
    """For noise from the outside world (a request for a host name this site does not serve):
    a warning without a traceback. The message already says what was refused."""

    def filter(self, record):
        record.exc_info = record.exc_text = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
