"""The owner's content file, content/profile.toml (with about.md): the profile, the links and the
hero's figures (see core.content for the machinery)."""

import datetime

from core.content import Record
from owner.models import Profile, SocialLink, Stat


def is_loaded():
    return Profile.objects.exists()


def load(loader):
    root = loader.read_toml("profile.toml")
    profile = Record(root.require("profile", kind=dict), "profile.toml: profile")
    simple = [
        "name", "role", "email", "availability_text", "headline", "intro", "about_heading",
        "experience_heading", "testimonials_heading", "testimonials_intro", "toolkit_heading",
        "projects_heading", "articles_heading", "articles_intro", "external_heading",
        "external_intro", "cta_heading", "cta_text", "contact_heading", "contact_intro",
    ]  # fmt: skip
    values = {name: profile.get(name, "") for name in simple}
    values["about_heading"] = values["about_heading"].strip()
    values["is_available"] = profile.get("is_available", True, kind=bool)
    values["available_until"] = profile.get("available_until", kind=datetime.date)
    values["available_for"] = profile.get("available_for", "")
    values["about_markdown"] = loader.read_text(profile, "about_markdown_file")
    # There is one profile: any existing row is the one to keep or replace.
    existing = Profile.objects.order_by("pk").first()
    loader.upsert(profile, Profile, {"pk": existing.pk} if existing else {}, values)

    for order, link in enumerate(root.records("social_links")):
        loader.upsert(
            link,
            SocialLink,
            {"label": link.require("label")},
            {"url": link.get("url", ""), "order": order},
        )
    for order, stat in enumerate(root.records("stats")):
        loader.upsert(
            stat,
            Stat,
            {"label": stat.require("label")},
            {"value": stat.require("value"), "order": order},
        )
    root.check_no_unknown_fields()


def dump(dumper):
    profile = Profile.load()
    fields = [
        "name", "role", "email", "availability_text", "is_available", "headline", "intro",
        "about_heading", "experience_heading", "testimonials_heading", "testimonials_intro",
        "toolkit_heading", "projects_heading", "articles_heading", "articles_intro",
        "external_heading", "external_intro", "cta_heading", "cta_text", "contact_heading",
        "contact_intro",
    ]  # fmt: skip
    data = {name: getattr(profile, name) for name in fields}
    if profile.available_until:
        data["available_until"] = profile.available_until
    if profile.available_for:
        data["available_for"] = profile.available_for
    data["about_markdown_file"] = "about.md"
    dumper.write_text("about.md", profile.about_markdown)
    dumper.write_toml(
        "profile.toml",
        {
            "profile": data,
            "social_links": [
                {"label": link.label, "url": link.url} for link in SocialLink.objects.all()
            ],
            "stats": [{"value": s.value, "label": s.label} for s in Stat.objects.all()],
        },
    )
