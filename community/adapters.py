from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils import translation
from django_q.tasks import async_task


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Render the message here, in the request's language, and leave the
        sending (slow, may fail and retry) to a django-q2 task."""
        message = self.render_mail(template_prefix, email, context)
        async_task(
            "community.tasks.send_email_message",
            {
                "subject": message.subject,
                "body": message.body,
                "from_email": message.from_email,
                "to": list(message.to),
                "headers": dict(message.extra_headers),
                "alternatives": [
                    (content, mimetype) for content, mimetype in getattr(message, "alternatives", [])
                ],
            },
        )

    def get_login_redirect_url(self, request):
        # Land in the language of the page where the person logged in: it wins
        # for the session (logging in from /nl/ stays in Dutch). The stored
        # language changes only when the member chooses it (switcher, profile).
        with translation.override(translation.get_language()):
            return reverse("community:my_space")
