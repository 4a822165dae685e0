from django.contrib import admin

from archive import models

for model in (
    models.Term,
    models.Plenum,
    models.Document,
    models.Place,
    models.Person,
    models.Report,
    models.Appearance,
    models.ConnectionPoint,
    models.Photo,
):
    admin.site.register(model)
