from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Tìm kiếm"

    def ready(self):
        from archive import related
        from search.related import related_reports

        related.register(related_reports)
