"""The form on which the owner uploads a Google Search Console export (stats.search_console)."""

from django import forms

from stats.search_console import import_report


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files and cleans to a list of them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_file_clean = super().clean
        files = [file for file in (data if isinstance(data, list | tuple) else [data]) if file]
        if not files:
            # No file at all: FileField's own check says that one is required.
            single_file_clean(None, initial)
            return []
        return [single_file_clean(file, initial) for file in files]


class SearchConsoleForm(forms.Form):
    export = MultipleFileField(
        label="Search Console export",
        help_text=(
            "The zip file of a Performance report (Export → Download CSV), or the CSV files "
            "from it."
        ),
        widget=MultipleFileInput(attrs={"accept": ".zip,.csv"}),
    )
    # What import_report stored, once the form is valid.
    result = None

    def clean_export(self):
        """The export is imported while the form is cleaned, so that a file Search Console did
        not make, or one that is damaged, is shown as this field's error; the result is kept on
        `form.result` for the page that reports it."""
        files = self.cleaned_data["export"]
        self.result = import_report(files)
        return files
