from django.contrib import admin
from django.utils.html import format_html

from images.models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["preview", "slug", "alt", "dimensions", "uploaded_at"]
    search_fields = ["slug", "alt", "caption", "credit"]
    prepopulated_fields = {"slug": ["alt"]}
    readonly_fields = ["reference", "preview", "dimensions"]
    fields = ["file", "alt", "slug", "caption", "credit", "reference", "preview", "dimensions"]

    @admin.display(description="Place it with")
    def reference(self, image):
        return f"![{image.alt}](image:{image.slug})" if image.pk else "(once uploaded)"

    @admin.display(description="Preview")
    def preview(self, image):
        if not image.renditions:
            return "—"
        smallest = image.rendition_list[0]
        return format_html('<img src="{}" alt="" width="160">', smallest.url)

    @admin.display(description="Size")
    def dimensions(self, image):
        return f"{image.width} × {image.height} px" if image.width else "—"
