"""An e-mail backend that counts what it hands on: ``EMAIL_BACKEND`` is this
one, ``SOCLE_EMAIL_BACKEND`` the real one (SMTP in production)."""

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from socle_site.kernel import metrics


class MeasuredEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.inner = get_connection(settings.SOCLE_EMAIL_BACKEND, fail_silently=fail_silently, **kwargs)

    def open(self):
        return self.inner.open()

    def close(self):
        return self.inner.close()

    def send_messages(self, email_messages):
        messages = list(email_messages)
        try:
            sent = self.inner.send_messages(messages) or 0
        except Exception:
            metrics.EMAILS.labels("failed").inc(len(messages))
            raise
        metrics.EMAILS.labels("sent").inc(sent)
        if sent < len(messages):
            metrics.EMAILS.labels("failed").inc(len(messages) - sent)
        return sent
