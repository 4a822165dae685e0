"""Email alerts: a reader follows a topic (a page or a search) by email,
with no account. The address is confirmed by a signed link before anything is
sent, and is never shown anywhere, the admin included."""

import secrets

from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy


def new_token():
    return secrets.token_urlsafe(16)


def fingerprint(kind, value):
    """A keyed hash standing for an address or a client in the rate-limit log,
    so that log holds neither."""
    return salted_hmac(f"alerts.{kind}", value.strip().lower()).hexdigest()


class Subscription(models.Model):
    class Kind(models.TextChoices):
        ALL = "all", gettext_lazy("toàn bộ kho lưu trữ")
        DOCUMENT = "document", gettext_lazy("văn bản")
        PLENUM = "plenum", gettext_lazy("hội nghị Trung ương")
        PLACE = "place", gettext_lazy("địa phương")
        PERSON = "person", gettext_lazy("nhân vật")
        SEARCH = "search", gettext_lazy("tìm kiếm")

    class Frequency(models.TextChoices):
        DAILY = "daily", gettext_lazy("hằng ngày")
        WEEKLY = "weekly", gettext_lazy("hằng tuần")

    email = models.EmailField("địa chỉ email")
    kind = models.CharField("loại mục theo dõi", max_length=10, choices=Kind.choices)
    # Which one: a slug (document, place, person), "xii-7" (plenum), the
    # search's query string (search), or "" (the whole archive).
    key = models.CharField("mục theo dõi", max_length=600, blank=True)
    title = models.CharField("tên mục theo dõi", max_length=300)
    frequency = models.CharField(
        "tần suất", max_length=8, choices=Frequency.choices, default=Frequency.DAILY
    )
    # The language of the page it was made on: its mails and links are in it.
    language = models.CharField("ngôn ngữ", max_length=8, default="vi", editable=False)
    # Part of every signed link, so a link stops working once its subscription
    # is gone, even if the row's id is reused.
    token = models.CharField(max_length=32, default=new_token, editable=False)
    created_at = models.DateTimeField("ngày đăng ký", auto_now_add=True)
    confirmed_at = models.DateTimeField("ngày xác nhận", null=True, blank=True)
    # Reports published up to this moment have been mailed (or there were none).
    sent_until = models.DateTimeField("đã gửi các bài xuất bản đến", null=True, blank=True)
    last_mailed_at = models.DateTimeField("lần gửi thư gần nhất", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "kind", "key"], name="unique_subscription_per_address"
            )
        ]
        verbose_name = "đăng ký nhận thông báo"
        verbose_name_plural = "các đăng ký nhận thông báo"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class SubscriptionAttempt(models.Model):
    """One subscription request, for the rate limits: hashes only."""

    address = models.CharField(max_length=64)
    client = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The limits count an address's or a client's requests in the last hours.
        indexes = [
            models.Index(fields=["address", "created_at"], name="attempt_address"),
            models.Index(fields=["client", "created_at"], name="attempt_client"),
        ]
        verbose_name = "yêu cầu đăng ký"
        verbose_name_plural = "các yêu cầu đăng ký"

    def __str__(self):
        return f"Yêu cầu đăng ký lúc {self.created_at:%d/%m/%Y %H:%M}"
