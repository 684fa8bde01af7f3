"""Load the owner's content from content/ (TOML + Markdown) into the database.

Missing rows are created; existing rows are left as the owner has edited them unless
`overwrite` is set, in which case they (and their child rows) are replaced from the files.
Everything happens in one transaction: a broken file loads nothing.

`dump_content` writes the database back into the same files, so that the owner's edits in the
admin can be kept in git.

This module is the machinery: reading and writing files, checking fields, creating or
replacing rows and reporting what happened. Each app reads its own file with a `load(loader)`
function in its `content.py` and writes it with `dump(dumper)`; settings.CONTENT_MODULES lists
them in the order they run. A content module may also say with `is_loaded()` that the database
already holds its content (see `load_content(if_empty=True)`).
"""

import datetime
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction

DEFAULT_CONTENT_DIR = settings.BASE_DIR / "content"


class ContentError(Exception):
    """A content file that cannot be loaded; the message names the file and the field."""


@dataclass
class Report:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    lines: list = field(default_factory=list)

    def record(self, outcome, obj):
        label = obj._meta.verbose_name
        getattr(self, outcome)[label] += 1
        self.lines.append(f"{outcome} {label}: {obj}")

    def summary(self):
        labels = dict.fromkeys([*self.created, *self.updated, *self.skipped])
        return [
            f"{label}: {self.created[label]} created, {self.updated[label]} updated, "
            f"{self.skipped[label]} skipped"
            for label in labels
        ]


class Record:
    """One table from a TOML file, which knows where it came from for error messages."""

    def __init__(self, data, where):
        if not isinstance(data, dict):
            raise ContentError(f"{where}: expected a table, found {type(data).__name__}")
        self.data = data
        self.where = where
        self.used = set()

    def get(self, key, default=None, kind=str):
        self.used.add(key)
        value = self.data.get(key, default)
        if value is not None and not isinstance(value, kind):
            raise ContentError(f"{self.where}: field '{key}' must be {_kind_name(kind)}")
        return value

    def require(self, key, kind=str):
        if key not in self.data:
            raise ContentError(f"{self.where}: field '{key}' is missing")
        return self.get(key, kind=kind)

    def records(self, key):
        items = self.get(key, [], kind=list)
        return [Record(item, f"{self.where}: {key}[{index}]") for index, item in enumerate(items)]

    def month(self, key, required=True):
        value = self.require(key) if required else self.get(key)
        if value is None:
            return None
        try:
            return datetime.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise ContentError(
                f"{self.where}: field '{key}' must be a month as YYYY-MM, not {value!r}"
            ) from None

    def check_no_unknown_fields(self):
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise ContentError(f"{self.where}: unknown field '{unknown[0]}'")


def _kind_name(kind):
    names = {str: "text", bool: "true or false", list: "a list", dict: "a table"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)


class Loader:
    def __init__(self, content_dir, overwrite):
        self.content_dir = Path(content_dir)
        self.overwrite = overwrite
        self.report = Report()

    # -- files -----------------------------------------------------------------------------

    def read_toml(self, name):
        path = self.content_dir / name
        try:
            with path.open("rb") as file:
                return Record(tomllib.load(file), name)
        except FileNotFoundError:
            raise ContentError(f"{name}: file not found in {self.content_dir.name}/") from None
        except tomllib.TOMLDecodeError as error:
            raise ContentError(f"{name}: not valid TOML: {error}") from None

    def read_text(self, record, key):
        relative = record.require(key)
        path = (self.content_dir / relative).resolve()
        if not path.is_relative_to(self.content_dir.resolve()):
            raise ContentError(f"{record.where}: field '{key}' points outside the content folder")
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ContentError(
                f"{record.where}: field '{key}': file {relative} not found"
            ) from None
        except UnicodeDecodeError:
            raise ContentError(f"{record.where}: field '{key}': {relative} is not UTF-8") from None

    # -- rows ------------------------------------------------------------------------------

    def upsert(self, record, model, lookup, values):
        """Create the row, or replace it with overwrite; return (row, whether it was written)."""
        record.check_no_unknown_fields()
        row = model.objects.filter(**lookup).first()
        if row is not None and not self.overwrite:
            self.report.record("skipped", row)
            return row, False
        outcome = "created" if row is None else "updated"
        row = row or model(**lookup)
        for name, value in values.items():
            setattr(row, name, value)
        self.save(record, row)
        self.report.record(outcome, row)
        return row, True

    def save(self, record, row):
        try:
            row.full_clean(validate_unique=False)
        except ValidationError as error:
            name, messages = next(iter(error.message_dict.items()))
            field_name = "" if name == "__all__" else f"field '{name}': "
            raise ContentError(f"{record.where}: {field_name}{' '.join(messages)}") from None
        row.save()

    def replace_children(self, record, parent, relation, rows):
        getattr(parent, relation).all().delete()
        for row in rows:
            self.save(record, row)


def load_content(content_dir=DEFAULT_CONTENT_DIR, overwrite=False, if_empty=False):
    """Load every content file in one transaction and return a Report of what happened.

    With `if_empty`, load only into a database that holds no content yet (no content module's
    `is_loaded()` is true), and return None otherwise.
    """
    # The texts loaded are kept as versions too, so the admin can go back to them after edits.
    with transaction.atomic(), reversion.create_revision():
        reversion.set_comment(f"Loaded from {Path(content_dir).name}/")
        if connection.vendor == "postgresql":
            # Containers starting together would otherwise insert the same rows at once.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('portfolio.load_content'))")
        modules = [import_module(name) for name in settings.CONTENT_MODULES]
        if if_empty and any(
            module.is_loaded() for module in modules if hasattr(module, "is_loaded")
        ):
            return None
        loader = Loader(content_dir, overwrite)
        for module in modules:
            module.load(loader)
        return loader.report


class Dumper:
    """Writes content files: TOML tables, and text files they name, under one folder."""

    def __init__(self, content_dir):
        self.content_dir = Path(content_dir)
        self.written = []

    def write_toml(self, name, data):
        import tomli_w

        header = "# Written by `python manage.py dump_content` from the database.\n\n"
        self._write(name, header + tomli_w.dumps(data, multiline_strings=True))

    def write_text(self, relative, text):
        self._write(relative, text)

    def _write(self, relative, text):
        path = self.content_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.written.append(relative)


def dump_content(content_dir=DEFAULT_CONTENT_DIR):
    """Write every content file from the database; returns the files written."""
    dumper = Dumper(content_dir)
    with transaction.atomic():  # one consistent view of the rows
        for module in settings.CONTENT_MODULES:
            import_module(module).dump(dumper)
    return dumper.written
