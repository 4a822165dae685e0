"""Send each confirmed alert the reports published since its last mail.

Run it from a timer (README: systemd timer or cron), e.g. every hour: a
subscription is mailed once its day or week has passed, and only when its
topic has new reports. Run one at a time."""

from django.core.management.base import BaseCommand

from alerts import mail
from alerts.models import Subscription


class Command(BaseCommand):
    help = "Gửi thư thông báo bài mới cho các đăng ký đã xác nhận đến hạn."

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=Subscription.Frequency.values,
            help="only the daily or only the weekly subscriptions",
        )
        parser.add_argument(
            "--site-url",
            help="the site's address for links in the mails (default: the SITE_URL setting)",
        )

    def handle(self, *args, frequency=None, site_url=None, **options):
        counts = mail.send_due(frequency=frequency, site_url=site_url)
        self.stdout.write(
            f"sent {counts['sent']}, nothing new {counts['nothing_new']}, "
            f"topic gone {counts['gone']}, failed {counts['failed']}"
        )
        if counts["failed"]:
            # A timer's log shows the failure; the next run retries those.
            self.stderr.write(f"{counts['failed']} mails could not be sent (see the log)")
