from django.contrib import admin

from alerts.models import Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    # The address is never shown, here either: staff find a reader's
    # subscriptions by typing the exact address into the search box (to
    # delete them on request) without any list revealing the others.
    list_display = ("title", "kind", "frequency", "confirmed", "created_at", "last_mailed_at")
    list_filter = ("kind", "frequency", ("confirmed_at", admin.EmptyFieldListFilter))
    search_fields = ("=email",)
    search_help_text = "Nhập đúng địa chỉ email để tìm các đăng ký của địa chỉ đó."
    fields = (
        "title",
        "kind",
        "key",
        "frequency",
        "created_at",
        "confirmed_at",
        "sent_until",
        "last_mailed_at",
    )
    readonly_fields = fields
    ordering = ("-created_at",)

    @admin.display(description="đã xác nhận", boolean=True)
    def confirmed(self, obj):
        return obj.is_confirmed

    def has_add_permission(self, request):
        # Only the reader can subscribe, by confirming their address.
        return False

    def has_change_permission(self, request, obj=None):
        return False
