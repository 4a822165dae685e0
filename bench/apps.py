from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark (``manage.py bench``, ``manage.py generate_corpus``): a synthetic
    corpus, the measured phases and the peers. The product apps never import it."""

    name = "bench"
    verbose_name = "Đo hiệu năng"
