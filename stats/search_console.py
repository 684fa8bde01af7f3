"""Google Search Console's Performance export, read and stored beside the reading statistics.

The owner downloads the export from Search Console and uploads it in the admin
(stats.forms.SearchConsoleForm); its pages and queries are kept as one SearchReport and its
SearchRows, so the clicks and impressions from Google can be shown beside each article's views.
Nothing here goes to the network: the figures are only what the owner uploads.

The export, as Search Console gives it, is a zip of UTF-8 CSV files (read here with or without
a byte order mark), one per table of the report: Queries.csv, Pages.csv, Countries.csv,
Devices.csv, Search appearance.csv, Chart.csv (the figures by day, headed "Date,...") and
Filters.csv.
The tables of figures have the columns "<dimension>,Clicks,Impressions,CTR,Position", the
dimension being "Top queries" in Queries.csv and "Top pages" (full URLs) in Pages.csv; CTR is a
percentage ("2.5%", "0%") and Position a decimal ("7.3"). A table may have a header and no rows:
Google leaves out queries that few people searched for. Filters.csv has the columns
"Filter,Value" and a row per filter of the report ("Search type,Web", "Date,Last 3 months"); a
report filtered to one page has a row "Page,<its URL>", the URL written bare or with a leading
"+". Exported with the interface in another language, the files and columns have that language's
names. Only Pages.csv, Queries.csv and Filters.csv are read here.
"""

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from stats.models import SearchReport, SearchRow

# An export is a few hundred kilobytes; these bounds keep a wrong or hostile file (a zip bomb, a
# whole database dump) from filling the memory or the database.
MAX_BYTES = 20 * 1024 * 1024
LIMIT = "20 MB"
MAX_ROWS = 100_000

PAGES = "Pages.csv"
QUERIES = "Queries.csv"
FILTERS = "Filters.csv"
HEADERS = {
    PAGES: ["Top pages", "Clicks", "Impressions", "CTR", "Position"],
    QUERIES: ["Top queries", "Clicks", "Impressions", "CTR", "Position"],
    FILTERS: ["Filter", "Value"],
}

# Counts are written "1234", or "1,234" in some locales; decimals "7.3" or "1,234.5".
INTEGER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
DECIMAL = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")

# What a damaged, truncated or unusual zip file makes zipfile raise while it is read.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    EOFError,
    OSError,
    RuntimeError,
    NotImplementedError,
    ValueError,
    zlib.error,
)


@dataclass(frozen=True)
class ImportResult:
    """What import_report stored: the report and how many pages and queries it has."""

    report: SearchReport
    pages: int
    queries: int
    # Pages of Pages.csv whose URL is not on this site (another host of the property).
    skipped: int


@dataclass(frozen=True)
class Table:
    # The file the rows come from, as the owner knows it ("Pages.csv", or an uploaded CSV's name).
    source: str
    header: list
    # (line number, cells) for each row that is not blank.
    rows: list


def import_report(files):
    """Read an uploaded export (one zip, or CSV files from it), store it as a SearchReport that
    replaces the older one of the same scope, and return what was stored.

    Raises ValidationError, with a message the admin can show, for anything that is not a
    readable export; nothing is stored then.
    """
    tables, file_name = read_upload(files)
    if PAGES not in tables and QUERIES not in tables:
        raise ValidationError(
            f"“{file_name}” has neither {PAGES} nor {QUERIES}, the tables this site keeps: "
            "upload the export of a Search Console Performance report "
            "(exported with Search Console in English).",
            code="no_tables",
        )
    pages, skipped = page_rows(tables.get(PAGES))
    queries = query_rows(tables.get(QUERIES))
    if not pages and not queries and not skipped:
        raise ValidationError(
            f"“{file_name}” has no pages and no queries: there is nothing to store.",
            code="empty",
        )
    if skipped and not pages:
        raise ValidationError(
            f"None of the {skipped} pages of {PAGES} is on {site_host()}: "
            "is this the export of another site?",
            code="other_site",
        )
    filters, page_path = read_filters(tables.get(FILTERS))

    with transaction.atomic():
        # A newer export of the same scope (the whole site, or one page) supersedes the older.
        SearchReport.objects.filter(page_path=page_path).delete()
        report = SearchReport.objects.create(
            file_name=file_name[:200], filters=filters, page_path=page_path
        )
        SearchRow.objects.bulk_create(
            [
                SearchRow(report=report, kind=kind, key=key[:500], **figures)
                for kind, rows in ((SearchRow.Kind.PAGE, pages), (SearchRow.Kind.QUERY, queries))
                for key, figures in rows.items()
            ],
            batch_size=1000,
        )
    return ImportResult(report=report, pages=len(pages), queries=len(queries), skipped=skipped)


def read_upload(files):
    """The export's tables by name ({"Pages.csv": Table, ...}) and a name for the upload."""
    if not files:
        raise ValidationError("Choose the export to upload.", code="required")
    if sum(upload.size for upload in files) > MAX_BYTES:
        raise ValidationError(
            f"The upload is larger than {LIMIT}, the most accepted: "
            "upload only the export's zip file, or its CSV files.",
            code="too_large",
        )
    zips = [upload for upload in files if is_zip(upload)]
    if zips and len(files) > 1:
        raise ValidationError(
            "Upload one zip file, or CSV files from it, not several files with a zip among them.",
            code="mixed",
        )
    if zips:
        return read_zip(zips[0]), zips[0].name
    tables = {}
    budget = MAX_ROWS
    for upload in files:
        if not upload.name.lower().endswith(".csv"):
            raise ValidationError(
                f"“{upload.name}” is neither a zip file nor a CSV file: upload the zip that "
                "Search Console gives, or CSV files from it.",
                code="file_type",
            )
        upload.seek(0)
        table = read_csv(upload.name, upload.read(), budget)
        name = table_of(table)
        if name in tables:
            raise ValidationError(
                f"“{tables[name].source}” and “{upload.name}” are both the {name} table: "
                "upload each table once.",
                code="duplicate",
            )
        tables[name] = table
        budget -= len(table.rows)
    return tables, ", ".join(upload.name for upload in files)


def is_zip(upload):
    upload.seek(0)
    return upload.name.lower().endswith(".zip") or upload.read(4) == b"PK\x03\x04"


def read_zip(upload):
    """The tables this site keeps, from the export's zip file."""
    found = {}
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            members = {
                PurePosixPath(info.filename).name.lower(): info
                for info in archive.infolist()
                if not info.is_dir() and not info.filename.startswith("__MACOSX/")
            }
            for name in HEADERS:
                info = members.get(name.lower())
                if info is None:
                    continue
                # The size a member declares is checked before it is inflated, and what it
                # inflates to is read no further than the limit, whatever it declared.
                if info.file_size > MAX_BYTES:
                    raise member_too_large(name, upload.name)
                with archive.open(info) as member:
                    found[name] = member.read(MAX_BYTES + 1)
                if len(found[name]) > MAX_BYTES:
                    raise member_too_large(name, upload.name)
    except ZIP_ERRORS:
        raise ValidationError(
            f"“{upload.name}” cannot be read as a zip file: it is damaged or incomplete. "
            "Download the export from Search Console again.",
            code="bad_zip",
        ) from None
    if PAGES not in found and QUERIES not in found:
        names = ", ".join(sorted(info.filename for info in members.values())[:8]) or "nothing"
        raise ValidationError(
            f"“{upload.name}” has neither {PAGES} nor {QUERIES} (it holds {names}): upload the "
            "export of a Search Console Performance report (exported with Search Console in "
            "English).",
            code="no_tables",
        )
    tables = {}
    budget = MAX_ROWS
    for name, data in found.items():
        table = read_csv(name, data, budget)
        if not has_header(table, name):
            raise ValidationError(
                f"“{name}” does not have the columns of the export's {name}: expected "
                f"“{', '.join(HEADERS[name])}”, found “{', '.join(table.header)}”.",
                code="header",
            )
        tables[name] = table
        budget -= len(table.rows)
    return tables


def member_too_large(name, zip_name):
    return ValidationError(
        f"“{name}” in “{zip_name}” is larger than {LIMIT} uncompressed, the most accepted.",
        code="too_large",
    )


def read_csv(source, data, budget):
    """One CSV file's header and rows; it may hold no more than `budget` rows (MAX_ROWS in all
    the files of an upload)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            f"“{source}” is not a CSV file of the export: it is not UTF-8 text.",
            code="encoding",
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    try:
        header = [cell.strip() for cell in next(reader, [])]
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= budget:
                raise ValidationError(
                    f"The export has more than {MAX_ROWS:,} rows, more than this site keeps.",
                    code="too_many_rows",
                )
            rows.append((reader.line_num, cells))
    except csv.Error as error:
        raise ValidationError(
            f"“{source}”, line {reader.line_num}: this is not valid CSV ({error}).",
            code="csv",
        ) from None
    if not any(header):
        raise ValidationError(f"“{source}” is empty.", code="empty_file")
    return Table(source=source, header=header, rows=rows)


def table_of(table):
    """Which table of the export a CSV file is, told by its header (an uploaded file may have
    been renamed, "Queries (1).csv")."""
    for name in HEADERS:
        if has_header(table, name):
            return name
    expected = "; ".join(f"{name}: “{', '.join(columns)}”" for name, columns in HEADERS.items())
    raise ValidationError(
        f"“{table.source}” is not a table this site reads: its columns are "
        f"“{', '.join(table.header)}”, where those of {expected} were expected.",
        code="header",
    )


def has_header(table, name):
    return [cell.lower() for cell in table.header] == [cell.lower() for cell in HEADERS[name]]


def page_rows(table):
    """The figures of Pages.csv by path on this site, and how many pages were of another site.

    URLs that differ only by their query string or fragment (a jump link, /articles/x/#setup)
    share their path, as the views counted by stats.counting do; their figures are added up.
    """
    pages = {}
    skipped = 0
    for line, cells in table.rows if table else []:
        url, figures = row_figures(table, line, cells)
        path = site_path(url)
        if path is None:
            skipped += 1
        elif path in pages:
            pages[path] = added(pages[path], figures)
        else:
            pages[path] = figures
    return pages, skipped


def query_rows(table):
    """The figures of Queries.csv by query (a query written twice is added up)."""
    queries = {}
    for line, cells in table.rows if table else []:
        query, figures = row_figures(table, line, cells)
        if not query:
            raise row_error(table, line, "the query is empty")
        queries[query] = added(queries[query], figures) if query in queries else figures
    return queries


def row_figures(table, line, cells):
    """A row of Pages.csv or Queries.csv as its key and the SearchRow fields of its figures."""
    check_width(table, line, cells)
    key, clicks, impressions, ctr, position = (cell.strip() for cell in cells)
    if not ctr.endswith("%"):
        raise row_error(table, line, f"the CTR “{ctr}” is not a percentage")
    return key, {
        "clicks": count(table, line, "Clicks", clicks),
        "impressions": count(table, line, "Impressions", impressions),
        "ctr": decimal(table, line, "CTR", ctr.removesuffix("%").strip()) / 100,
        "position": decimal(table, line, "Position", position),
    }


def count(table, line, column, text):
    if not INTEGER.fullmatch(text):
        raise row_error(table, line, f"the {column} “{text}” is not a whole number")
    value = int(text.replace(",", ""))
    # The largest number every database stores in a PositiveIntegerField.
    if value > 2_147_483_647:
        raise row_error(table, line, f"the {column} “{text}” is too large")
    return value


def decimal(table, line, column, text):
    if not DECIMAL.fullmatch(text):
        raise row_error(table, line, f"the {column} “{text}” is not a number")
    return float(text.replace(",", ""))


def added(first, second):
    """The figures of two rows as one: CTR recomputed, positions weighted by impressions."""
    clicks = first["clicks"] + second["clicks"]
    impressions = first["impressions"] + second["impressions"]
    weights = (first["impressions"], second["impressions"]) if impressions else (1, 1)
    position = (first["position"] * weights[0] + second["position"] * weights[1]) / sum(weights)
    return {
        "clicks": clicks,
        "impressions": impressions,
        "ctr": clicks / impressions if impressions else 0.0,
        "position": position,
    }


def check_width(table, line, cells):
    if len(cells) != len(table.header):
        raise row_error(
            table,
            line,
            f"{len(cells)} columns where there should be {len(table.header)} "
            f"({', '.join(table.header)})",
        )


def row_error(table, line, problem):
    return ValidationError(f"“{table.source}”, line {line}: {problem}.", code="row")


def read_filters(table):
    """Filters.csv as a short summary ("Search type: Web; Date: Last 3 months") and the path of
    the page the report is filtered to, or "" for a report of the whole site."""
    filters = []
    for line, cells in table.rows if table else []:
        check_width(table, line, cells)
        filters.append([cell.strip() for cell in cells])
    summary = "; ".join(f"{name}: {value}" for name, value in filters)
    pages = [value for name, value in filters if name.lower() == "page"]
    # Only a filter naming one URL of this site makes the report a page's: a report filtered
    # otherwise (to another site's page, or several pages) is kept as the whole site's.
    page_path = site_path(pages[0].removeprefix("+").strip()) if len(pages) == 1 else None
    return summary[:500], page_path or ""


def site_path(url):
    """The path of a URL on this site, or None for a URL of another site (or not a URL)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if parts.hostname.removeprefix("www.") != site_host():
        return None
    return parts.path or "/"


def site_host():
    """This site's host, without "www." (Search Console may list either form of it)."""
    return (urlsplit(settings.SITE_URL).hostname or "").removeprefix("www.")
