"""Site search over articles and projects.

On PostgreSQL: full-text search on a stored, weighted search vector (GIN-indexed), with
web-search syntax, ranking and highlighted snippets. On SQLite: a plain substring match.
"""

import re
from dataclasses import dataclass

from django import forms
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 20
SEARCH_CONFIG = "english"
# Markers PostgreSQL puts around matches; the snippet is escaped before they become <mark>.
_START, _STOP = "\x02", "\x03"


def weighted_vector(**weights_by_field):
    """A search vector over fields weighted "A" (most important) to "D"."""
    vectors = [
        SearchVector(name, weight=weight, config=SEARCH_CONFIG)
        for name, weight in weights_by_field.items()
    ]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return combined


def update_search_vector(instance, vector):
    """Store the row's search vector; only PostgreSQL has one."""
    if connection.vendor == "postgresql":
        type(instance).objects.filter(pk=instance.pk).update(search_vector=vector)


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search articles and projects",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.SearchInput,
        error_messages={
            "max_length": f"Please shorten your search to {MAX_QUERY_LENGTH} characters or fewer."
        },
    )

    def clean_q(self):
        query = " ".join(self.cleaned_data["q"].split())
        if query and not any(char.isalnum() for char in query):
            raise forms.ValidationError("Search for words or numbers: symbols alone match nothing.")
        return query


@dataclass(frozen=True)
class SearchResult:
    kind: str
    title: str
    url: str
    snippet: str
    date: object = None


def _snippet_html(text):
    """Escape a PostgreSQL headline, then turn its match markers into <mark> elements."""
    html = escape(" ".join(text.split()))
    return mark_safe(html.replace(_START, "<mark>").replace(_STOP, "</mark>"))


def _highlight_substring(text, query):
    """The SQLite fallback's snippet: the text with each occurrence of the query marked."""
    parts, start = [], 0
    for match in re.finditer(re.escape(query), text, flags=re.IGNORECASE):
        parts += [escape(text[start : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        start = match.end()
    parts.append(escape(text[start:]))
    return mark_safe("".join(parts))


def _full_text(queryset, query, snippet_fields):
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return (
        queryset.filter(search_vector=search_query)
        .annotate(
            rank=SearchRank(F("search_vector"), search_query),
            headline=SearchHeadline(
                snippet_fields,
                search_query,
                config=SEARCH_CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "pk")[:MAX_RESULTS]
    )


def search_articles(queryset, query):
    if connection.vendor == "postgresql":
        return [
            SearchResult(
                "Article", a.title, a.get_absolute_url(), _snippet_html(a.headline), a.published_at
            )
            for a in _full_text(
                queryset,
                query,
                Concat("summary", Value(" "), "body_text", output_field=TextField()),
            )
        ]
    matches = queryset.filter(
        Q(title__icontains=query) | Q(summary__icontains=query) | Q(body__icontains=query)
    )[:MAX_RESULTS]
    return [
        SearchResult(
            "Article",
            a.title,
            a.get_absolute_url(),
            _highlight_substring(a.summary, query),
            a.published_at,
        )
        for a in matches
    ]


def search_projects(queryset, query):
    if connection.vendor == "postgresql":
        return [
            SearchResult("Project", p.name, p.get_absolute_url(), _snippet_html(p.headline))
            for p in _full_text(
                queryset,
                query,
                Concat(
                    "problem",
                    Value(" "),
                    "solution",
                    Value(" "),
                    "impact",
                    output_field=TextField(),
                ),
            )
        ]
    text_fields = ["name", "category", "technologies", "problem", "solution", "impact"]
    condition = Q()
    for name in text_fields:
        condition |= Q(**{f"{name}__icontains": query})
    return [
        SearchResult(
            "Project", p.name, p.get_absolute_url(), _highlight_substring(p.description, query)
        )
        for p in queryset.filter(condition)[:MAX_RESULTS]
    ]
