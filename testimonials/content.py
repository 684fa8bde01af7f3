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


def dump(dumper):
    groups = []
    for group in Group.objects.prefetch_related("testimonials"):
        testimonials = []
        for testimonial in group.testimonials.all():
            entry = {"quote": testimonial.quote, "author": testimonial.author,
                     "author_title": testimonial.author_title}  # fmt: skip
            if not testimonial.is_published:
                entry["is_published"] = False
            testimonials.append(entry)
        groups.append({"topic": group.topic, "source": group.source, "testimonials": testimonials})
    dumper.write_toml("testimonials.toml", {"groups": groups})
