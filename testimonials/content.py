"""Load content/testimonials.toml: testimonial groups and the quotes in them."""

import datetime

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
                    # What the owner ships in content/ is theirs to show.
                    "is_approved": entry.get("is_approved", True, kind=bool),
                    "relationship": entry.get("relationship", ""),
                    "given_on": entry.get("given_on", kind=datetime.date),
                    "source_url": entry.get("source_url", ""),
                },
            )
    root.check_no_unknown_fields()


def dump(dumper):
    groups = []
    for group in Group.objects.prefetch_related("testimonials"):
        testimonials = []
        for testimonial in group.testimonials.all():
            entry = {"quote": testimonial.quote, "author": testimonial.author,
                     "author_title": testimonial.author_title}  # fmt: skip
            if not testimonial.is_published:
                entry["is_published"] = False
            if not testimonial.is_approved:
                entry["is_approved"] = False
            for name in ["relationship", "given_on", "source_url"]:
                if getattr(testimonial, name):
                    entry[name] = getattr(testimonial, name)
            testimonials.append(entry)
        groups.append({"topic": group.topic, "source": group.source, "testimonials": testimonials})
    dumper.write_toml("testimonials.toml", {"groups": groups})
