"""Search machinery shared by the apps whose rows can be searched.

A searchable model declares its `SEARCH_FIELDS` once (a `SearchFields`); the same declaration
builds the stored, weighted search vector and the query on both databases. On PostgreSQL:
full-text search on that vector (GIN-indexed), with web-search syntax, ranking and highlighted
snippets. On SQLite: a plain substring match over the same fields.
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


@dataclass(frozen=True)
class SearchFields:
    """What a model's search looks at.

    `weights` maps each searched field to its weight, "A" (most important) to "D";
    `snippet` names the fields whose text PostgreSQL quotes around the matches, and
    `fallback_snippet` the attribute whose text SQLite's substring match marks up.
    """

    weights: dict
    snippet: tuple
    fallback_snippet: str

    def vector(self):
        vectors = [
            SearchVector(name, weight=weight, config=SEARCH_CONFIG)
            for name, weight in self.weights.items()
        ]
        combined = vectors[0]
        for vector in vectors[1:]:
            combined = combined + vector
        return combined

    def substring_condition(self, query):
        condition = Q()
        for name in self.weights:
            condition |= Q(**{f"{name}__icontains": query})
        return condition


def update_search_vector(instance):
    """Store the row's search vector from its model's SEARCH_FIELDS; only PostgreSQL has one."""
    if connection.vendor == "postgresql":
        model = type(instance)
        model.objects.filter(pk=instance.pk).update(search_vector=model.SEARCH_FIELDS.vector())


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


def search(queryset, query):
    """The best matches for `query` in `queryset`, each given a `snippet` of safe HTML."""
    fields = queryset.model.SEARCH_FIELDS
    if connection.vendor == "postgresql":
        return _full_text(queryset, query, fields)
    matches = list(queryset.filter(fields.substring_condition(query))[:MAX_RESULTS])
    for match in matches:
        match.snippet = _highlight_substring(getattr(match, fields.fallback_snippet), query)
    return matches


def _full_text(queryset, query, fields):
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    snippet_source = [F(name) for name in fields.snippet]
    for index in range(len(snippet_source) - 1, 0, -1):
        snippet_source.insert(index, Value(" "))
    matches = list(
        queryset.filter(search_vector=search_query)
        .annotate(
            rank=SearchRank(F("search_vector"), search_query),
            headline=SearchHeadline(
                Concat(*snippet_source, output_field=TextField())
                if len(snippet_source) > 1
                else snippet_source[0],
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
    for match in matches:
        match.snippet = _snippet_html(match.headline)
    return matches
