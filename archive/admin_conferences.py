"""The admin's conference queue: proposals (archive/grouping.py) that staff
accept with one click, split by unticking reports, or reject.

Registered from archive/admin.py.
"""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from archive import grouping
from archive.conferences import Conference, outlet_name
from archive.models import Report


class ConferenceForm(forms.ModelForm):
    reports = forms.ModelMultipleChoiceField(
        label="các bài về hội nghị này",
        queryset=Report.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Bỏ chọn một bài để tách nó khỏi hội nghị. Lưu một đề xuất đã sửa là xác nhận nó: "
            "các bài đã tách không bị ghép lại vào đây."
        ),
    )

    class Meta:
        model = Conference
        fields = ("title", "event_date", "organiser", "status", "documents", "plenums")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["reports"].queryset = self.instance.reports.order_by("event_date", "id")
            self.fields["reports"].initial = list(
                self.instance.reports.values_list("pk", flat=True)
            )
            self.fields["reports"].label_from_instance = lambda r: (
                f"{r.event_date or '?'} · {outlet_name(r)} · {r.title}"
            )


def _accept(conference):
    conference.status = Conference.Status.CONFIRMED
    conference.save(update_fields=["status", "updated_at"])


@admin.register(Conference)
class ConferenceAdmin(admin.ModelAdmin):
    form = ConferenceForm
    list_display = ("title", "event_date", "status", "report_count", "outlets", "accept_button")
    list_filter = ("status",)
    search_fields = ("title", "organiser", "documents__code")
    date_hierarchy = "event_date"
    filter_horizontal = ("documents", "plenums")
    actions = ["accept", "reject"]

    def get_queryset(self, request):
        # The queue first: proposals, then confirmed and rejected conferences.
        status_order = Count("pk", filter=Q(status=Conference.Status.PROPOSED))
        return (
            super()
            .get_queryset(request)
            .annotate(report_count=Count("reports", distinct=True), queued=status_order)
            .prefetch_related("reports")
            .order_by("-queued", "event_date", "id")
        )

    @admin.display(description="số bài", ordering="report_count")
    def report_count(self, obj):
        return obj.report_count

    @admin.display(description="các nguồn")
    def outlets(self, obj):
        return ", ".join(sorted({outlet_name(r) for r in obj.reports.all()}))

    @admin.display(description="")
    def accept_button(self, obj):
        if obj.status != Conference.Status.PROPOSED:
            return "—"
        # Submits the change list's own form (with its CSRF token) to the accept view.
        url = reverse("admin:archive_conference_accept", args=[obj.pk])
        return format_html(
            '<button type="submit" class="button" formaction="{}" formmethod="post">'
            "Xác nhận</button>",
            url,
        )

    def get_urls(self):
        extra = [
            path(
                "<int:pk>/accept/",
                self.admin_site.admin_view(self.accept_view),
                name="archive_conference_accept",
            ),
            path(
                "propose/",
                self.admin_site.admin_view(self.propose_view),
                name="archive_conference_propose",
            ),
        ]
        return extra + super().get_urls()

    def accept_view(self, request, pk):
        conference = get_object_or_404(Conference, pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, conference):
            messages.error(request, "Chỉ xác nhận được bằng nút “Xác nhận”.")
        else:
            _accept(conference)
            messages.success(request, f"Đã xác nhận “{conference}”.")
        return redirect("admin:archive_conference_changelist")

    def propose_view(self, request):
        if request.method == "POST" and self.has_change_permission(request):
            count = grouping.propose()
            messages.success(request, f"Có {count} đề xuất hội nghị đang chờ xác nhận.")
        return redirect("admin:archive_conference_changelist")

    def changelist_view(self, request, extra_context=None):
        extra = dict(extra_context or {})
        extra["title"] = f"Hội nghị: {Conference.objects.queue().count()} đề xuất chờ xác nhận"
        return super().changelist_view(request, extra)

    @admin.action(description="Xác nhận các hội nghị đã chọn", permissions=["change"])
    def accept(self, request, queryset):
        for conference in queryset.exclude(status=Conference.Status.CONFIRMED):
            _accept(conference)
        self.message_user(request, "Đã xác nhận.", messages.SUCCESS)

    @admin.action(description="Không phải một hội nghị (bỏ đề xuất)", permissions=["change"])
    def reject(self, request, queryset):
        # The change list's queryset is ordered by an aggregate, which update()
        # refuses; and update() sets no auto_now: the new updated_at tells
        # search the grouping changed (archive/caches.py).
        chosen = list(queryset.values_list("pk", flat=True))
        Conference.objects.filter(pk__in=chosen).update(
            status=Conference.Status.REJECTED, updated_at=timezone.now()
        )
        self.message_user(request, "Đã bỏ các đề xuất đã chọn.", messages.SUCCESS)

    @transaction.atomic
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        conference = form.instance
        chosen = {r.pk for r in form.cleaned_data["reports"]}
        before = set(Report.objects.filter(conference=conference).values_list("pk", flat=True))
        if chosen != before and conference.status == Conference.Status.PROPOSED:
            conference.status = Conference.Status.CONFIRMED
            conference.save(update_fields=["status", "updated_at"])
        Report.objects.filter(pk__in=before - chosen).update(conference=None)
        Report.objects.filter(pk__in=chosen).update(conference=conference)
