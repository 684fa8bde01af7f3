"""The admin of the owner's texts: a Markdown editor that lists the text's warnings, the
warnings again after a save, and the versions of every save (django-reversion)."""

from django import forms
from django.contrib import messages
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from reversion_compare.admin import CompareVersionAdmin

from writing.fields import is_markdown_text
from writing.markdown import writing_warnings


class MarkdownEditor(forms.Textarea):
    """A large monospaced editor for a Markdown text, with what `writing_warnings` finds in the
    text listed right under it (and named as its description for screen readers) whenever the
    form is shown: after "Save and continue editing", and beside the errors of a refused save."""

    def __init__(self):
        super().__init__(attrs={"class": "markdown-text", "rows": 24})

    def render(self, name, value, attrs=None, renderer=None):
        warnings = writing_warnings(value or "")
        listed = f"{(attrs or {}).get('id', name)}_warnings"
        if warnings:  # beside what Django names already: the help text, and errors
            described_by = [(attrs or {}).get("aria-describedby"), listed]
            attrs = {**(attrs or {}), "aria-describedby": " ".join(filter(None, described_by))}
        # One block, so that the admin's field row keeps the list under the text, not beside it.
        return format_html(
            '<div class="markdown-editor">{}{}</div>',
            super().render(name, value, attrs, renderer),
            format_html(
                '<ul class="markdown-warnings" id="{}">{}</ul>',
                listed,
                format_html_join("", "<li>Warning: {}.</li>", ((w,) for w in warnings)),
            )
            if warnings
            else "",
        )


class VersionedAdmin(CompareVersionAdmin):
    """Every save through the admin's forms keeps a version (django-reversion), inlines
    included; the publish and unpublish actions, which change one flag on many rows, do not.

    "History" lists the versions with who saved them and when, compares any two as a readable
    diff of the text (django-reversion-compare), and opens any version to restore it; saving it
    goes through the model's own save, so Markdown is rendered again.
    """

    history_latest_first = True

    class Media:
        css = {"all": ["admin-desk/markdown.css"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for field in filter(is_markdown_text, obj._meta.fields):
            for warning in writing_warnings(getattr(obj, field.name)):
                self.message_user(
                    request, f"{capfirst(field.verbose_name)}: {warning}.", messages.WARNING
                )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Markdown texts (writing.fields.markdown_text_field) get a large monospaced editor.
        if is_markdown_text(db_field):
            kwargs["widget"] = MarkdownEditor()
        return super().formfield_for_dbfield(db_field, request, **kwargs)
