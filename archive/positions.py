"""Positions the known leaders held (Tổng Bí thư, Chủ tịch nước, heads of the
central commissions …), with their dates and public sources: reference data
loaded from fixtures/leaders.json by ``manage.py load_reference`` and edited
in the admin. What a report wrote stays on its Appearance (``position``);
this is what the person held, as the sources say.

Imported by archive/models.py, so Django registers the model with the app.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models


def validate_sources(value):
    """One public address per line, at least one."""
    lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
    if not lines:
        raise ValidationError("Cần ít nhất một địa chỉ nguồn công khai.")
    check = URLValidator(schemes=["http", "https"])
    for line in lines:
        try:
            check(line)
        except ValidationError:
            raise ValidationError(f"Địa chỉ nguồn không hợp lệ: {line}") from None


class Position(models.Model):
    person = models.ForeignKey(
        "archive.Person",
        on_delete=models.CASCADE,
        related_name="positions",
        verbose_name="người",
    )
    title = models.CharField("chức vụ", max_length=200)
    body = models.CharField("cơ quan", max_length=200, blank=True)
    term = models.ForeignKey(
        "archive.Term",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name="khóa",
    )
    start_date = models.DateField("từ ngày", null=True, blank=True)
    end_date = models.DateField("đến ngày", null=True, blank=True)
    source = models.TextField(
        "nguồn", validators=[validate_sources], help_text="Mỗi dòng một địa chỉ nguồn công khai."
    )

    class Meta:
        ordering = ["person", models.F("start_date").asc(nulls_first=True), "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="position_dates_ordered",
            )
        ]
        verbose_name = "chức vụ"
        verbose_name_plural = "các chức vụ"

    def __str__(self):
        return f"{self.person} — {self.title}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "Ngày kết thúc phải sau ngày bắt đầu."})

    @property
    def sources(self):
        return [line.strip() for line in self.source.splitlines() if line.strip()]
