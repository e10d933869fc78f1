"""safeguarding link_sign_on USERNAME SUBJECT   (link the identity provider's `sub` to a user)
safeguarding link_sign_on USERNAME --unlink

Single sign-on matches users by this subject only (access/oidc.py). Each change is an access event."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from safeguarding.access.management.commands.api_token import cli_actor
from safeguarding.access.models import AccessAction, User
from safeguarding.access.services import access_record


class Command(BaseCommand):
    help = "Link (or unlink) a user's single sign-on subject."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("subject", nargs="?", default="")
        parser.add_argument("--unlink", action="store_true")

    def handle(self, *args, username, subject, unlink, **options):
        subject = subject.strip()
        if not unlink and not subject:
            raise CommandError("subject: give the identity provider's `sub` for this user, or --unlink.")
        if len(subject) > 255:
            raise CommandError("subject: at most 255 characters.")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"username: no user {username!r}.")
        if subject and User.objects.filter(oidc_subject=subject).exclude(pk=user.pk).exists():
            raise CommandError("subject: that subject is already linked to another user.")
        with transaction.atomic():
            user.oidc_subject = None if unlink else subject
            user.save(update_fields=["oidc_subject"])
            access_record(
                actor=cli_actor(),
                action=AccessAction.ACCOUNT,
                object_type="user",
                object_id=user.pk,
                object_label=user.username,
                detail={"change": "sign_on_unlinked" if unlink else "sign_on_linked"},
            )
        self.stdout.write(f"{'Unlinked' if unlink else 'Linked'} single sign-on for {user.username}.")
