"""Report changes become rows in the index queue (search.models.IndexTask);
they never write to the index from a web worker (Whoosh has one writer)."""

from django.db.models import signals
from haystack.signals import BaseSignalProcessor


def enqueue(report_ids, action):
    from search.models import IndexTask

    IndexTask.objects.bulk_create(
        [IndexTask(report_id=rid, action=action) for rid in set(report_ids) if rid]
    )


class QueuedSignalProcessor(BaseSignalProcessor):
    def setup(self):
        from archive.models import (
            Appearance,
            ConnectionPoint,
            Photo,
            Report,
            ReportDocument,
            ReportPlenum,
        )

        signals.post_save.connect(self.report_saved, sender=Report)
        signals.post_delete.connect(self.report_deleted, sender=Report)
        for model in (ReportDocument, ReportPlenum, Appearance, ConnectionPoint, Photo):
            signals.post_save.connect(self.related_changed, sender=model)
            signals.post_delete.connect(self.related_changed, sender=model)

    def teardown(self):
        pass

    def report_saved(self, sender, instance, **kwargs):
        # The worker reads the report's state when it runs: published → indexed,
        # draft → removed. Enqueue inside the same transaction as the change.
        enqueue([instance.pk], "update")

    def report_deleted(self, sender, instance, **kwargs):
        enqueue([instance.pk], "delete")

    def related_changed(self, sender, instance, **kwargs):
        enqueue([getattr(instance, "report_id", None)], "update")
