"""The reading beacon in a page (docs/statistics.md): `{% reading_beacon %}` in the base
template, `{% reading_end %}` where an article's text ends."""

from django import template

from web.http import signed_in

register = template.Library()


@register.inclusion_tag("stats/beacon.html", takes_context=True)
def reading_beacon(context):
    """The script that counts the visit, with an image for browsers without script; nothing in
    the signed-in owner's pages, which are not counted."""
    request = context.get("request")
    return {"counted": request is not None and not signed_in(request)}


@register.inclusion_tag("stats/end.html")
def reading_end():
    """The mark the script watches: reaching it counts a read-through."""
    return {}
