"""How every process of the site writes its log lines: one JSON object per line (LOG_FORMAT=json,
the production default) or plain lines (text). Named by the settings' LOGGING and by
gunicorn.conf.py, for gunicorn's own lines, so that both write alike; it imports nothing of
Django's, as gunicorn reads it before the app is loaded."""

FORMATTERS = {
    "json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
        "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
    },
    "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
}
