from django.apps import AppConfig
from django.db.models.signals import post_save


class WritingConfig(AppConfig):
    """The writing pipeline: Markdown rendered and sanitised, the references to images and to
    the site's pages, and the checks a text gets when it is saved."""

    name = "writing"

    def ready(self):
        from writing.fields import render_texts_placing

        post_save.connect(
            render_texts_placing, sender="images.Image", dispatch_uid="writing:image-saved"
        )
