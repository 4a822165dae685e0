"""Places: provinces, cities and districts with their historical names, and
the one way a written place name or slug is looked up (``Place.objects.lookup``).

Imported by archive/models.py (which re-exports ``Place``), so Django registers it.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy

from archive import vietnamese


class PlaceQuerySet(models.QuerySet):
    def name_index(self):
        """{name key: place id} for every name these places go by (see
        ``vietnamese.place_aliases``); the first place listed keeps a name
        two places share."""
        index = {}
        for pk, name, historical in self.order_by("pk").values_list(
            "pk", "name", "historical_names"
        ):
            for key in vietnamese.place_aliases(name, historical):
                index.setdefault(key, pk)
        return index

    def lookup(self, value, index=None):
        """The place a URL slug or a written name designates ("quang-ninh",
        "tỉnh Quảng Ninh", "TP HCM", a pre-2025 province's name), or None.
        ``index`` is a ``name_index()`` the caller keeps, to save its query."""
        value = (value or "").strip()[:300]
        if not value:
            return None
        place = self.filter(slug=value[:120]).first()
        if place is not None:
            return place
        pk = self.lookup_id(value, self.name_index() if index is None else index)
        return self.filter(pk=pk).first() if pk else None

    @staticmethod
    def lookup_id(value, index):
        """The id ``index`` (a ``name_index()``) gives a written place name,
        tried as written, then without its administrative words."""
        return index.get(vietnamese.search_key(value)) or index.get(vietnamese.place_key(value))

    def within(self, place):
        """The place, the places under it (districts, provinces merged into
        it) and their districts: two levels are all Vietnam's administration has."""
        return self.filter(
            models.Q(pk=place.pk) | models.Q(parent=place) | models.Q(parent__parent=place)
        )


class Place(models.Model):
    """A province, city or district, with its historical names."""

    class Kind(models.TextChoices):
        PROVINCE = "province", gettext_lazy("tỉnh")
        CITY = "city", gettext_lazy("thành phố trực thuộc Trung ương")
        DISTRICT = "district", gettext_lazy("quận, huyện, thị xã, thành phố thuộc tỉnh")

    name = models.CharField("tên", max_length=100)
    slug = models.SlugField("đường dẫn", max_length=120, unique=True)
    kind = models.CharField("loại", max_length=10, choices=Kind.choices, default=Kind.PROVINCE)
    # The province a district belongs to, or that a pre-2025 province merged into.
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="thuộc",
    )
    historical_names = models.TextField(
        "tên cũ / cách viết khác", blank=True, help_text="Mỗi dòng một tên."
    )
    current = models.BooleanField("còn là đơn vị hành chính hiện nay", default=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        app_label = "archive"
        ordering = ["name"]
        verbose_name = "địa phương"
        verbose_name_plural = "các địa phương"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            from archive.models import vi_slug

            self.slug = vi_slug(self.name)
        super().save(*args, **kwargs)

    @property
    def province(self):
        """The province-level unit this place is in today."""
        place = self
        for _ in range(3):
            if place.kind != Place.Kind.DISTRICT and place.current:
                return place
            if place.parent is None:
                return place
            place = place.parent
        return place

    def get_absolute_url(self):
        return reverse("archive:place-detail", args=[self.slug])
