from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils import translation
from django_q.tasks import async_task
from socle_site.kernel.identity import site_identity

# The address whose confirmation the "check your e-mail" page offers to send again.
PENDING_CONFIRMATION = "socle_pending_confirmation"


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Render the message here, in the request's language, and leave the
        sending (slow, may fail and retry) to a django-q2 task.

        allauth's own ``send_mail`` puts ``current_site`` in the context; this
        one replaces it, so the site's name comes from the settings
        (``socle_site.kernel.identity``), with the contact address beside it.
        A member without e-mail has no address to write to: nothing is sent."""
        if not email:
            return
        identity = site_identity()
        context = {"email": email, "current_site": identity, "contact_email": identity.contact_email, **context}
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

    def respond_email_verification_sent(self, request, user):
        # Remember whose confirmation is pending, so that the page can send it
        # again (community.views_accounts.resend_confirmation). Nothing is kept
        # for a sign-up with an address already taken: the page looks the same.
        if user is not None and user.pk:
            request.session[PENDING_CONFIRMATION] = user.pk
        return super().respond_email_verification_sent(request, user)

    def get_login_redirect_url(self, request):
        # Land in the language of the page where the person logged in: it wins
        # for the session (logging in from /nl/ stays in Dutch). The stored
        # language changes only when the member chooses it (switcher, profile).
        with translation.override(translation.get_language()):
            return reverse("community:my_space")
