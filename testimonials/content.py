"""Load content/testimonials.toml: testimonial groups and the quotes in them."""

from testimonials.models import Group, Testimonial


def load(loader):
    root = loader.read_toml("testimonials.toml")
    for order, item in enumerate(root.records("groups")):
        testimonials = item.records("testimonials")
        group, _ = loader.upsert(
            item,
            Group,
            {"topic": item.require("topic"), "source": item.get("source", "")},
            {"order": order},
        )
        for position, entry in enumerate(testimonials):
            loader.upsert(
                entry,
                Testimonial,
                {"group": group, "author": entry.require("author")},
                {
                    "quote": entry.require("quote"),
                    "author_title": entry.get("author_title", ""),
                    "order": position,
                    "is_published": entry.get("is_published", True, kind=bool),
                },
            )
    root.check_no_unknown_fields()
