"""The mails of alerts: the confirmation asked for on subscribing, and the
digest ``manage.py send_alerts`` sends each confirmed subscription: the
reports of its topic published since its last mail, in one message, with a
one-click unsubscribe link (also as the List-Unsubscribe header, RFC 8058)."""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alerts import topics
from alerts.models import Subscription, SubscriptionAttempt

log = logging.getLogger(__name__)

CONFIRM_SALT = "alerts.confirm"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"
# A digest lists at most this many reports, then links to the page for the rest.
DIGEST_REPORTS = 50
PERIODS = {
    Subscription.Frequency.DAILY: datetime.timedelta(days=1),
    Subscription.Frequency.WEEKLY: datetime.timedelta(days=7),
}
# A timer firing at the same hour every day finds yesterday's mail a few
# seconds less than a day old: a subscription is due this much early.
EARLY = datetime.timedelta(hours=1)
SETTLE = datetime.timedelta(minutes=5)


# --- signed links ----------------------------------------------------------


def confirm_token(subscription, frequency):
    data = {"s": subscription.pk, "t": subscription.token, "f": frequency}
    return signing.dumps(data, salt=CONFIRM_SALT)


def unsubscribe_token(subscription):
    return signing.dumps({"s": subscription.pk, "t": subscription.token}, salt=UNSUBSCRIBE_SALT)


def _signed(token, salt, max_age=None):
    """(subscription, data) for a signed link, or (None, None)."""
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
        subscription = Subscription.objects.filter(pk=data["s"], token=data["t"]).first()
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None, None
    if subscription is None:
        return None, None
    return subscription, data


def from_confirm_token(token):
    """(subscription, frequency) for a confirmation link still valid, else
    (None, None); ``link_expired`` tells an expired link from a wrong one."""
    max_age = datetime.timedelta(days=settings.ALERTS_CONFIRM_DAYS)
    subscription, data = _signed(token, CONFIRM_SALT, max_age)
    if subscription is None:
        return None, None
    frequency = data.get("f")
    if frequency not in Subscription.Frequency.values:
        return None, None
    return subscription, frequency


def link_expired(token):
    try:
        signing.loads(token, salt=CONFIRM_SALT)
    except signing.BadSignature:
        return False
    return True


def from_unsubscribe_token(token):
    return _signed(token, UNSUBSCRIBE_SALT)[0]


# --- the confirmation -------------------------------------------------------


def send_confirmation(subscription, frequency, site_url):
    url = site_url + reverse("alerts:confirm", args=[confirm_token(subscription, frequency)])
    context = {
        "subscription": subscription,
        "frequency": Subscription.Frequency(frequency).label,
        "confirm_url": url,
        "topic_url": site_url + _topic_page(subscription),
        "days": settings.ALERTS_CONFIRM_DAYS,
    }
    message = EmailMultiAlternatives(
        subject=_("Xác nhận nhận thông báo: %(title)s") % {"title": subscription.title},
        body=render_to_string("alerts/mail/confirm.txt", context),
        to=[subscription.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.send()


def _topic_page(subscription):
    topic = topics.find(subscription.kind, subscription.key)
    return topic.page_url if topic else reverse("archive:home")


# --- digests ----------------------------------------------------------------


def due(now):
    """Confirmed subscriptions whose period has passed since their last mail."""
    condition = Q()
    for frequency, period in PERIODS.items():
        condition |= Q(frequency=frequency, sent_until__lte=now - period + EARLY)
    return Subscription.objects.exclude(confirmed_at=None).filter(condition).order_by("pk")


def digest(subscription, topic, reports, more, site_url):
    """The one message for a subscription's new reports (``more``: how many
    others there are beyond those listed)."""
    unsubscribe = site_url + reverse("alerts:unsubscribe", args=[unsubscribe_token(subscription)])
    context = {
        "subscription": subscription,
        "reports": [(report, site_url + report.get_absolute_url()) for report in reports],
        "more": more,
        "topic_url": site_url + topic.page_url,
        "feed_url": site_url + topic.feed_url,
        "unsubscribe_url": unsubscribe,
    }
    count = len(reports) + more
    message = EmailMultiAlternatives(
        subject=ngettext("%(count)d bài mới: %(title)s", "%(count)d bài mới: %(title)s", count)
        % {"count": count, "title": subscription.title},
        body=render_to_string("alerts/mail/digest.txt", context),
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string("alerts/mail/digest.html", context), "text/html")
    return message


def send_due(now=None, site_url=None, frequency=None, out=None):
    """Send every due subscription its digest; returns counts by outcome.
    A subscription whose mail fails keeps its window for the next run."""
    now = now or timezone.now()
    site_url = (site_url or settings.SITE_URL).rstrip("/")
    counts = {"sent": 0, "nothing_new": 0, "gone": 0, "failed": 0}
    # The last minutes' reports wait for the next mail: the search index may
    # not have them yet, and a search alert's window would pass them by.
    until = now - SETTLE
    subscriptions = due(now)
    if frequency:
        subscriptions = subscriptions.filter(frequency=frequency)
    connection = get_connection()
    for subscription in subscriptions.iterator():
        # In the language the subscription was made in: the mail's words and its links.
        with translation.override(subscription.language):
            outcome = _send_one(subscription, now, until, site_url, connection)
        counts[outcome] += 1
    forget_old(now)
    return counts


def _send_one(subscription, now, until, site_url, connection):
    """Mail one due subscription its digest; returns the outcome counted."""
    topic = topics.find(subscription.kind, subscription.key)
    if topic is None:
        # The document, place or person was removed: nothing more can come.
        return "gone"
    found, total = topic.new_reports(subscription.sent_until, until, DIGEST_REPORTS)
    if not found:
        Subscription.objects.filter(pk=subscription.pk).update(sent_until=until)
        return "nothing_new"
    more = total - len(found)
    message = digest(subscription, topic, found, more, site_url)
    message.connection = connection
    try:
        message.send()
    except Exception:  # a refused address or a mail server down: try again next run
        log.exception("alert %s: the mail could not be sent", subscription.pk)
        return "failed"
    Subscription.objects.filter(pk=subscription.pk).update(sent_until=until, last_mailed_at=now)
    return "sent"


def forget_old(now):
    """Unconfirmed subscriptions past their link's life, and the rate-limit
    log past the longest limit's window."""
    expired = now - datetime.timedelta(days=settings.ALERTS_CONFIRM_DAYS)
    Subscription.objects.filter(confirmed_at=None, created_at__lt=expired).delete()
    SubscriptionAttempt.objects.filter(created_at__lt=now - datetime.timedelta(days=2)).delete()
