"""safeguarding api-token create --user U --scope read [--scope write] --expires-in 90d --label L
safeguarding api-token list [--user U] [--all]
safeguarding api-token revoke PREFIX --reason R
safeguarding api-token revoke --user U --reason R     (every token of U, e.g. when they leave)

The token is printed once, by `create`; only its digest is kept."""

import datetime as dt
import getpass
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from safeguarding.access.models import ApiToken, TokenScope, User
from safeguarding.access.roles import Role
from safeguarding.access.services import api_token_create, api_token_revoke

UNITS = {"d": "days", "h": "hours", "w": "weeks"}


def parse_lifetime(text: str) -> dt.timedelta:
    """'90d', '12h', '2w' -> a timedelta."""
    match = re.fullmatch(r"\s*(\d{1,5})\s*([dhw])\s*", text.lower())
    if match is None:
        raise CommandError(f"--expires-in: {text!r} is not a lifetime like 90d, 12h or 2w.")
    return dt.timedelta(**{UNITS[match.group(2)]: int(match.group(1))})


def cli_actor() -> User:
    # An unsaved stand-in: the access log records who ran the command on this machine.
    return User(username=f"cli:{getpass.getuser()}"[:150], role=Role.ADMIN)


def _messages(problem: ValidationError) -> str:
    return "; ".join(f"{field}: {' '.join(errors)}" for field, errors in problem.message_dict.items())


class Command(BaseCommand):
    help = "Create, list and revoke API tokens."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        create = commands.add_parser("create", help="Mint a token; it is printed once.")
        create.add_argument("--user", required=True, help="Whose token (username).")
        create.add_argument(
            "--scope",
            action="append",
            choices=TokenScope.values,
            required=True,
            help="read, write or import; repeat for several.",
        )
        create.add_argument(
            "--expires-in",
            default=f"{settings.API_TOKEN_DEFAULT_DAYS}d",
            help=f"Lifetime, e.g. 90d, 12h, 2w (at most {settings.API_TOKEN_MAX_DAYS}d).",
        )
        create.add_argument("--label", default="", help="What it is for (defaults to 'cli').")
        listing = commands.add_parser("list", help="List tokens (never their secrets).")
        listing.add_argument("--user", help="Only this user's tokens.")
        listing.add_argument("--all", action="store_true", help="Include revoked and expired tokens.")
        revoke = commands.add_parser("revoke", help="Revoke a token by its prefix (see list), or a user's.")
        revoke.add_argument("prefix", nargs="?")
        revoke.add_argument("--user", help="Revoke every token of this user instead.")
        revoke.add_argument("--reason", required=True)

    def handle(self, *args, **options):
        getattr(self, f"_{options['action']}")(options)

    def _create(self, options):
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"--user: no user {options['user']!r}.")
        try:
            issued = api_token_create(
                actor=cli_actor(),
                user=user,
                label=options["label"] or "cli",
                scopes=options["scope"],
                expires_in=parse_lifetime(options["expires_in"]),
            )
        except ValidationError as problem:
            raise CommandError(_messages(problem)) from None
        token = issued.token
        self.stderr.write(
            f"Token {token.prefix} for {user.get_username()} ({', '.join(token.scopes)}), "
            f"expires {timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}. "
            "It is shown once: keep it now."
        )
        self.stdout.write(issued.plaintext)

    def _list(self, options):
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
        if options["user"]:
            tokens = tokens.filter(user__username=options["user"])
        now = timezone.now()
        for token in tokens:
            refusal = token.refusal(now=now)
            if refusal and not options["all"]:
                continue
            self.stdout.write(
                "\t".join(
                    [
                        token.prefix,
                        token.user.get_username(),
                        ",".join(token.scopes),
                        token.label,
                        f"expires {timezone.localtime(token.expires_at):%Y-%m-%d}",
                        f"last used {timezone.localtime(token.last_used_at):%Y-%m-%d %H:%M}"
                        if token.last_used_at
                        else "never used",
                        refusal or "active",
                    ]
                )
            )

    def _revoke(self, options):
        if bool(options["prefix"]) == bool(options["user"]):
            raise CommandError("Give a token prefix or --user, not both.")
        if options["user"]:
            tokens = list(ApiToken.objects.filter(user__username=options["user"], revoked_at=None))
        else:
            tokens = list(ApiToken.objects.filter(prefix=options["prefix"]))
            if not tokens:
                raise CommandError(f"No token with prefix {options['prefix']!r}.")
        actor = cli_actor()
        for token in tokens:
            try:
                token = api_token_revoke(actor=actor, token=token, reason=options["reason"])
            except ValidationError as problem:
                raise CommandError(_messages(problem)) from None
            self.stdout.write(f"Revoked {token.prefix} ({token.user.get_username()}).")
