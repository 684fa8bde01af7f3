"""Importing Google Search Console's Performance export (stats.search_console, stats.forms).

The exports are built here in the layout Search Console gives them: a zip of one CSV file per
table of the report, the tables of figures headed "<dimension>,Clicks,Impressions,CTR,Position".
"""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from stats.forms import SearchConsoleForm
from stats.models import SearchReport, SearchRow
from stats.search_console import MAX_BYTES, import_report

SITE_WIDE_FILTERS = "Filter,Value\nSearch type,Web\nDate,Last 3 months\n"

QUERIES = (
    "Top queries,Clicks,Impressions,CTR,Position\n"
    "django admin upload,12,480,2.5%,7.3\n"
    '"search console, csv",3,"1,234",0.24%,11\n'
)

PAGES = (
    "Top pages,Clicks,Impressions,CTR,Position\n"
    'https://portfolio.example/articles/first/,40,"2,000",2%,4.25\n'
    "https://www.portfolio.example/articles/second/,5,100,5%,9.1\n"
    "https://portfolio.example/,1,10,10%,2\n"
)


def export_files(pages=PAGES, queries=QUERIES, filters=SITE_WIDE_FILTERS):
    """The CSV files of a Performance export, by name, as Search Console writes them."""
    files = {
        "Queries.csv": queries,
        "Pages.csv": pages,
        "Countries.csv": "Country,Clicks,Impressions,CTR,Position\nFrance,10,900,1.11%,8.2\n",
        "Devices.csv": "Device,Clicks,Impressions,CTR,Position\nDesktop,10,900,1.11%,8.2\n",
        "Search appearance.csv": "Search Appearance,Clicks,Impressions,CTR,Position\n",
        "Chart.csv": "Date,Clicks,Impressions,CTR,Position\n2026-05-01,10,900,1.11%,8.2\n",
        "Filters.csv": filters,
    }
    return {name: text for name, text in files.items() if text is not None}


def zipped(files, name="portfolio.example-Performance-on-Search-2026-06-01.zip"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, text in files.items():
            archive.writestr(member, text.encode() if isinstance(text, str) else text)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def csv_file(name, text):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def rows(kind, report=None):
    """{key: (clicks, impressions, ctr, position)} of the stored rows of one kind."""
    stored = SearchRow.objects.filter(kind=kind)
    if report is not None:
        stored = stored.filter(report=report)
    return {row.key: (row.clicks, row.impressions, row.ctr, row.position) for row in stored}


def database():
    """Everything stored, to compare before and after an import that is refused."""
    return (
        list(SearchReport.objects.values_list("id", "file_name", "page_path")),
        list(SearchRow.objects.values_list("id", "key", "clicks")),
    )


def test_a_zip_is_stored_as_pages_by_path_and_queries(db):
    result = import_report([zipped(export_files())])

    report = result.report
    assert report.file_name == "portfolio.example-Performance-on-Search-2026-06-01.zip"
    assert report.filters == "Search type: Web; Date: Last 3 months"
    assert report.page_path == ""
    assert (result.pages, result.queries, result.skipped) == (3, 2, 0)
    assert rows("page") == {
        "/articles/first/": (40, 2000, pytest.approx(0.02), 4.25),
        "/articles/second/": (5, 100, pytest.approx(0.05), 9.1),
        "/": (1, 10, pytest.approx(0.1), 2.0),
    }
    assert rows("query") == {
        "django admin upload": (12, 480, pytest.approx(0.025), 7.3),
        "search console, csv": (3, 1234, pytest.approx(0.0024), 11.0),
    }


def test_a_byte_order_mark_and_windows_line_ends_are_read(db):
    files = export_files(queries="\ufeff" + QUERIES.replace("\n", "\r\n"))

    result = import_report([zipped(files)])

    assert result.queries == 2
    assert "django admin upload" in rows("query")


def test_pages_of_another_host_are_skipped_and_counted(db):
    pages = PAGES + (
        "https://blog.portfolio.example/articles/first/,7,70,10%,3\n"
        "https://elsewhere.example/,2,20,10%,5\n"
    )

    result = import_report([zipped(export_files(pages=pages))])

    assert (result.pages, result.skipped) == (3, 2)
    assert set(rows("page")) == {"/articles/first/", "/articles/second/", "/"}


def test_addresses_of_one_path_are_added_up(db):
    pages = (
        "Top pages,Clicks,Impressions,CTR,Position\n"
        "https://portfolio.example/articles/first/,30,300,10%,2\n"
        "https://portfolio.example/articles/first/#setup,10,100,10%,6\n"
    )

    result = import_report([zipped(export_files(pages=pages))])

    assert result.pages == 1
    assert rows("page") == {"/articles/first/": (40, 400, pytest.approx(0.1), pytest.approx(3))}


def test_a_page_filtered_export_is_stored_under_that_page(db):
    filters = SITE_WIDE_FILTERS + "Page,+https://portfolio.example/articles/first/\n"
    pages = "Top pages,Clicks,Impressions,CTR,Position\n"
    pages += "https://portfolio.example/articles/first/,15,483,3.11%,7.5\n"

    result = import_report([zipped(export_files(pages=pages, filters=filters))])

    assert result.report.page_path == "/articles/first/"
    assert result.report.filters.endswith("Page: +https://portfolio.example/articles/first/")
    assert set(rows("query", result.report)) == {"django admin upload", "search console, csv"}


def test_a_page_filter_written_without_a_plus_names_the_page_too(db):
    filters = SITE_WIDE_FILTERS + "Page,https://www.portfolio.example/articles/second/\n"

    result = import_report([zipped(export_files(filters=filters))])

    assert result.report.page_path == "/articles/second/"


def test_a_page_filter_that_is_not_one_address_of_the_site_keeps_the_site_scope(db):
    filters = SITE_WIDE_FILTERS + "Page,*articles\n"

    result = import_report([zipped(export_files(filters=filters))])

    assert result.report.page_path == ""


def test_a_newer_export_replaces_the_older_of_its_scope_only(db):
    page_filters = SITE_WIDE_FILTERS + "Page,+https://portfolio.example/articles/first/\n"
    first_site = import_report([zipped(export_files())]).report
    first_page = import_report([zipped(export_files(filters=page_filters))]).report
    newer_queries = "Top queries,Clicks,Impressions,CTR,Position\nnewer query,1,10,10%,3\n"

    newer_site = import_report([zipped(export_files(queries=newer_queries))]).report

    assert set(SearchReport.objects.all()) == {first_page, newer_site}
    assert set(rows("query", newer_site)) == {"newer query"}
    assert set(rows("query", first_page)) == {"django admin upload", "search console, csv"}
    assert not SearchRow.objects.filter(report_id=first_site.id).exists()

    newer_page = import_report([zipped(export_files(filters=page_filters))]).report

    assert set(SearchReport.objects.all()) == {newer_page, newer_site}


def test_loose_csv_files_are_read_by_their_header(db):
    files = export_files()
    uploads = [
        csv_file("Queries (1).csv", files["Queries.csv"]),
        csv_file("Pages.csv", files["Pages.csv"]),
        csv_file("Filters.csv", SITE_WIDE_FILTERS + "Page,+https://portfolio.example/\n"),
    ]

    result = import_report(uploads)

    assert (result.pages, result.queries) == (3, 2)
    assert result.report.page_path == "/"
    assert result.report.file_name == "Queries (1).csv, Pages.csv, Filters.csv"


def test_one_loose_csv_file_is_enough(db):
    result = import_report([csv_file("Queries.csv", QUERIES)])

    assert (result.pages, result.queries, result.report.filters) == (0, 2, "")


def test_the_form_imports_the_export_and_keeps_the_result(db):
    form = SearchConsoleForm(data={}, files={"export": zipped(export_files())})

    assert form.is_valid(), form.errors
    assert form.result.queries == 2


def test_the_form_shows_a_refused_export_as_the_fields_error(db):
    form = SearchConsoleForm(data={}, files={"export": csv_file("notes.txt", "hello")})

    assert not form.is_valid()
    assert "neither a zip file nor a CSV file" in form.errors["export"][0]
    assert form.result is None


def test_the_form_asks_for_a_file(db):
    form = SearchConsoleForm(data={}, files={})

    assert not form.is_valid()
    assert form.errors["export"] == ["This field is required."]


def corrupt_zip():
    data = zipped(export_files()).read()
    return SimpleUploadedFile("export.zip", data[:100] + b"\0" * 50 + data[150:])


def truncated_zip():
    return SimpleUploadedFile("export.zip", zipped(export_files()).read()[:-40])


def zip_bomb():
    return zipped({"Queries.csv": b"\0" * (MAX_BYTES + 1), "Filters.csv": SITE_WIDE_FILTERS})


def too_many_rows():
    lines = "".join(f"query {number},1,10,10%,3\n" for number in range(100_001))
    return csv_file("Queries.csv", "Top queries,Clicks,Impressions,CTR,Position\n" + lines)


REFUSED = {
    "not a zip or a CSV file": (
        lambda: [csv_file("report.pdf", "%PDF-1.7")],
        "“report.pdf” is neither a zip file nor a CSV file",
    ),
    "a corrupt zip": (lambda: [corrupt_zip()], "“export.zip” cannot be read as a zip file"),
    "a truncated zip": (lambda: [truncated_zip()], "“export.zip” cannot be read as a zip file"),
    "a zip of something else": (
        lambda: [zipped({"Coverage.csv": "Date,Indexed\n"}, name="coverage.zip")],
        "“coverage.zip” has neither Pages.csv nor Queries.csv (it holds Coverage.csv)",
    ),
    "a zip and CSV files": (
        lambda: [zipped(export_files()), csv_file("Pages.csv", PAGES)],
        "Upload one zip file, or CSV files from it",
    ),
    "a table with other columns": (
        lambda: [zipped(export_files(pages="Page,Clicks,Impressions\n/a,1,2\n"))],
        "“Pages.csv” does not have the columns of the export's Pages.csv: expected "
        "“Top pages, Clicks, Impressions, CTR, Position”, found “Page, Clicks, Impressions”.",
    ),
    "a CSV file of another table": (
        lambda: [csv_file("Countries.csv", "Country,Clicks,Impressions,CTR,Position\n")],
        "“Countries.csv” is not a table this site reads: its columns are “Country, Clicks, "
        "Impressions, CTR, Position”, where those of Pages.csv: “Top pages, Clicks, "
        "Impressions, CTR, Position”; Queries.csv: “Top queries, Clicks, Impressions, CTR, "
        "Position”; Filters.csv: “Filter, Value” were expected.",
    ),
    "a row of too few columns": (
        lambda: [csv_file("Queries.csv", QUERIES + "broken row,1,10,10%\n")],
        "“Queries.csv”, line 4: 4 columns where there should be 5 "
        "(Top queries, Clicks, Impressions, CTR, Position).",
    ),
    "a row of too many columns": (
        lambda: [zipped(export_files(filters=SITE_WIDE_FILTERS + "Country,France,extra\n"))],
        "“Filters.csv”, line 4: 3 columns where there should be 2 (Filter, Value).",
    ),
    "a count that is not a number": (
        lambda: [zipped(export_files(pages=PAGES + "https://portfolio.example/x/,many,1,1%,1\n"))],
        "“Pages.csv”, line 5: the Clicks “many” is not a whole number.",
    ),
    "a count in another notation": (
        lambda: [csv_file("Queries.csv", QUERIES + 'q,1,"1.234",1%,1\n')],
        "“Queries.csv”, line 4: the Impressions “1.234” is not a whole number.",
    ),
    "a CTR that is not a percentage": (
        lambda: [csv_file("Queries.csv", QUERIES + "q,1,10,0.1,1\n")],
        "“Queries.csv”, line 4: the CTR “0.1” is not a percentage.",
    ),
    "a position that is not a number": (
        lambda: [csv_file("Queries.csv", QUERIES + "q,1,10,10%,n/a\n")],
        "“Queries.csv”, line 4: the Position “n/a” is not a number.",
    ),
    "an empty export": (
        lambda: [
            zipped(
                export_files(
                    pages="Top pages,Clicks,Impressions,CTR,Position\n",
                    queries="Top queries,Clicks,Impressions,CTR,Position\n",
                )
            )
        ],
        "has no pages and no queries: there is nothing to store.",
    ),
    "an empty file": (lambda: [csv_file("Queries.csv", "")], "“Queries.csv” is empty."),
    "another site's export": (
        lambda: [
            zipped(export_files(pages=PAGES.replace("portfolio.example", "elsewhere.example")))
        ],
        "None of the 3 pages of Pages.csv is on portfolio.example: "
        "is this the export of another site?",
    ),
    "a text that is not UTF-8": (
        lambda: [SimpleUploadedFile("Queries.csv", "Top queries,Clicks\né".encode("utf-16"))],
        "“Queries.csv” is not a CSV file of the export: it is not UTF-8 text.",
    ),
    "an oversized upload": (
        lambda: [SimpleUploadedFile("Queries.csv", b"x" * (MAX_BYTES + 1))],
        "The upload is larger than 20 MB, the most accepted: "
        "upload only the export's zip file, or its CSV files.",
    ),
    "a zip bomb": (
        lambda: [zip_bomb()],
        "“Queries.csv” in “portfolio.example-Performance-on-Search-2026-06-01.zip” is larger "
        "than 20 MB uncompressed, the most accepted.",
    ),
    "too many rows": (
        lambda: [too_many_rows()],
        "The export has more than 100,000 rows, more than this site keeps.",
    ),
}


@pytest.mark.parametrize("uploads, message", REFUSED.values(), ids=REFUSED.keys())
def test_bad_input_is_refused_and_changes_nothing(db, uploads, message):
    earlier = import_report([zipped(export_files())]).report
    before = database()

    with pytest.raises(ValidationError) as refused:
        import_report(uploads())

    assert message in refused.value.messages[0]
    assert database() == before
    assert SearchReport.objects.get() == earlier
