"""Subscribing to an alert, confirming it by its signed link, unsubscribing
in one click. Pages never show the address."""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from alerts import mail, topics
from alerts.forms import SubscribeForm
from alerts.models import Subscription, SubscriptionAttempt, fingerprint
from config.ratelimit import client_address

log = logging.getLogger(__name__)


def _too_many(email, client):
    """The message when this address or client asked too often, else None."""
    now = timezone.now()
    attempts = SubscriptionAttempt.objects
    day = attempts.filter(address=email, created_at__gte=now - datetime.timedelta(days=1))
    if day.count() >= settings.ALERTS_PER_ADDRESS_PER_DAY:
        return _(
            "Địa chỉ này đã được dùng để đăng ký nhiều lần hôm nay; vui lòng thử lại vào ngày mai."
        )
    hour = attempts.filter(client=client, created_at__gte=now - datetime.timedelta(hours=1))
    if hour.count() >= settings.ALERTS_PER_CLIENT_PER_HOUR:
        return _("Bạn đã gửi quá nhiều yêu cầu đăng ký; vui lòng thử lại sau một giờ.")
    return None


def _site_url(request):
    return request.build_absolute_uri("/").rstrip("/")


@require_http_methods(["GET", "POST"])
def subscribe(request):
    data = request.POST if request.method == "POST" else None
    kind, key = request.GET.get("kind", "all"), request.GET.get("key", "")
    form = SubscribeForm(data, initial={"kind": kind, "key": key})
    if data is None:
        topic = topics.find(kind, key)
        status = 200 if topic else 404
        return render(
            request, "alerts/subscribe.html", {"form": form, "topic": topic}, status=status
        )
    if not form.is_valid():
        topic = topics.find(data.get("kind", ""), data.get("key", ""))
        return render(request, "alerts/subscribe.html", {"form": form, "topic": topic}, status=400)
    email, frequency = form.cleaned_data["email"], form.cleaned_data["frequency"]
    kind, key = form.cleaned_data["kind"], form.cleaned_data["key"]
    topic = topics.find(kind, key)
    if topic is None:
        form.add_error(None, _("Mục muốn theo dõi không còn trong kho lưu trữ."))
        return render(request, "alerts/subscribe.html", {"form": form, "topic": None}, status=400)
    kind, key = topic.kind, topic.key  # a search's in its canonical form
    address, client = fingerprint("address", email), fingerprint("client", client_address(request))
    refusal = _too_many(address, client)
    if refusal:
        form.add_error(None, refusal)
        return render(request, "alerts/subscribe.html", {"form": form, "topic": topic}, status=429)
    SubscriptionAttempt.objects.create(address=address, client=client)
    try:
        subscription, _created = Subscription.objects.get_or_create(
            email=email,
            kind=kind,
            key=key,
            defaults={
                "title": topic.title,
                "frequency": frequency,
                "language": translation.get_language() or settings.LANGUAGE_CODE,
            },
        )
    except IntegrityError:  # the same request twice at once: the other one made it
        subscription = Subscription.objects.get(email=email, kind=kind, key=key)
    try:
        mail.send_confirmation(subscription, frequency, _site_url(request))
    except Exception:
        log.exception("confirmation mail for subscription %s", subscription.pk)
        form.add_error(None, _("Hiện chưa gửi được thư xác nhận; vui lòng thử lại sau ít phút."))
        return render(request, "alerts/subscribe.html", {"form": form, "topic": topic}, status=503)
    return redirect("alerts:sent")


def sent(request):
    return render(request, "alerts/sent.html")


def confirm(request, token):
    subscription, frequency = mail.from_confirm_token(token)
    if subscription is None:
        context = {"expired": mail.link_expired(token), "days": settings.ALERTS_CONFIRM_DAYS}
        return render(request, "alerts/bad_link.html", context, status=400)
    now = timezone.now()
    subscription.frequency = frequency
    if subscription.confirmed_at is None:
        # The first mail brings what is published from now on.
        subscription.confirmed_at = now
        subscription.sent_until = now
    subscription.save(update_fields=["frequency", "confirmed_at", "sent_until"])
    context = {
        "subscription": subscription,
        "topic": topics.find(subscription.kind, subscription.key),
        "unsubscribe_token": mail.unsubscribe_token(subscription),
    }
    return render(request, "alerts/confirmed.html", context)


# One click, no form: the link in every mail (GET) and mail programs' own
# unsubscribe button (POST, RFC 8058), which carries no CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscription = mail.from_unsubscribe_token(token)
    if subscription is None:
        # Already gone (a second click) or never valid: either way no mail comes.
        return render(request, "alerts/unsubscribed.html", {"title": None})
    title = subscription.title
    subscription.delete()
    return render(request, "alerts/unsubscribed.html", {"title": title})
