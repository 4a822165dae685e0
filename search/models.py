"""The index queue: every change to a report that search must follow is a row
here, drained by one writer process (``manage.py index_worker``)."""

from django.db import models


class IndexTask(models.Model):
    class Action(models.TextChoices):
        UPDATE = "update", "cập nhật"
        DELETE = "delete", "xóa"

    report_id = models.BigIntegerField()
    action = models.CharField(max_length=6, choices=Action.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The worker takes tasks in id order; report_id finds older duplicates.
        indexes = [models.Index(fields=["report_id"], name="indextask_report")]
        verbose_name = "việc cập nhật chỉ mục"
        verbose_name_plural = "hàng đợi cập nhật chỉ mục"

    def __str__(self):
        return f"{self.action} {self.report_id}"
