from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Kho lưu trữ"

    def ready(self):
        # Every signal the archive listens to, connected here, whatever the
        # process imports (a worker that never loads the admin still gets them).
        from archive import caches, images, page_cache
        from archive.models import Photo, Place, Report

        for signal in (post_save, post_delete):
            signal.connect(caches.forget_places, sender=Place, dispatch_uid="archive.places")
            signal.connect(
                caches.forget_conference_groups, sender=Report, dispatch_uid="archive.groups"
            )
        post_delete.connect(images.delete_photo_files, sender=Photo, dispatch_uid="photo-files")
        page_cache.connect()
