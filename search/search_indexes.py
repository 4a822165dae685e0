from haystack import indexes

from archive.models import Report


class ReportIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True, model_attr="body")
    title = indexes.CharField(model_attr="title")

    def get_model(self):
        return Report

    def index_queryset(self, using=None):
        return self.get_model().objects.published()
