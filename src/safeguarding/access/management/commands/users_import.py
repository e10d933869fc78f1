"""`safeguarding users-import FILE --actor ADMIN`: joiners, movers and leavers from a CSV.

Columns (header row required): action, username, first_name, last_name, email, role, districts,
team. `action` is join, move or leave; `districts` is district codes separated by ";"; for
leave only the username is read. Every row is checked first, then all are applied in one
transaction: a bad row names its line and field, and nothing is saved. Each change is logged
in the access log under the administrator given by --actor, with before and after. The
joiners' temporary passwords are printed once (hand them over in person).
"""

import csv
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from safeguarding.access.models import User
from safeguarding.access.roles import Permission
from safeguarding.access.users import (
    Assignment,
    assignment_validate,
    districts_by_code,
    team_named,
    user_change,
    user_create,
    user_deactivate,
)

COLUMNS = ("action", "username", "first_name", "last_name", "email", "role", "districts", "team")
ACTIONS = ("join", "move", "leave")


@dataclass
class Line:
    number: int
    action: str
    username: str
    row: dict[str, str]
    user: User | None = None
    assignment: Assignment | None = None


class Command(BaseCommand):
    help = __doc__.strip().splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--actor", required=True, help="Username of the administrator making the change.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row; change nothing.")

    def handle(self, *args, file, actor, dry_run, **options):
        actor_user = User.objects.filter(username=actor, is_active=True).first()
        if actor_user is None or not actor_user.can(Permission.MANAGE_USERS):
            raise CommandError(f"--actor {actor}: no active administrator of that name.")
        with open(file, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise CommandError(f"{file}: the header lacks the column(s) {', '.join(missing)}.")
            lines = [
                Line(number, (row["action"] or "").strip().lower(), (row["username"] or "").strip(), row)
                for number, row in enumerate(reader, start=2)
            ]
        problems = self.check(lines)
        if problems:
            raise CommandError("Nothing was changed:\n" + "\n".join(problems))
        if dry_run:
            self.stdout.write(f"{len(lines)} row(s) checked; nothing changed (--dry-run).")
            return
        passwords = self.apply(lines, actor_user)
        counts = {a: sum(1 for line in lines if line.action == a) for a in ACTIONS}
        self.stdout.write(f"joined {counts['join']}, moved {counts['move']}, left {counts['leave']}")
        for username, temporary in passwords:
            self.stdout.write(f"{username}\t{temporary}")

    def check(self, lines: list[Line]) -> list[str]:
        problems = []
        seen: set[str] = set()
        existing = {
            u.username.lower(): u for u in User.objects.filter(username__in=[x.username for x in lines])
        }
        for line in lines:
            where = f"line {line.number}"
            try:
                if line.action not in ACTIONS:
                    raise ValidationError({"action": f"{line.action!r} is not one of {', '.join(ACTIONS)}."})
                if not line.username:
                    raise ValidationError({"username": "A username is required."})
                if line.username.lower() in seen:
                    raise ValidationError({"username": f"{line.username} appears twice in the file."})
                seen.add(line.username.lower())
                line.user = existing.get(line.username.lower())
                if line.action == "join" and line.user is not None:
                    raise ValidationError({"username": f"{line.username} already exists (use move)."})
                if line.action != "join" and line.user is None:
                    raise ValidationError({"username": f"No user {line.username}."})
                if line.action != "leave":
                    districts = districts_by_code((line.row.get("districts") or "").split(";"))
                    line.assignment = Assignment(
                        role=(line.row.get("role") or "").strip(),
                        districts=districts,
                        team=team_named(line.row.get("team") or "", districts),
                    )
                    assignment_validate(line.assignment)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    problems += [f"{where}, {field}: {message}" for message in messages]
        return problems

    @staticmethod
    def apply(lines: list[Line], actor: User) -> list[tuple[str, str]]:
        passwords = []
        with transaction.atomic():
            for line in lines:
                row = line.row
                if line.action == "join":
                    assert line.assignment is not None
                    user, temporary = user_create(
                        actor=actor,
                        username=line.username,
                        first_name=row.get("first_name") or "",
                        last_name=row.get("last_name") or "",
                        email=row.get("email") or "",
                        assignment=line.assignment,
                    )
                    passwords.append((user.username, temporary))
                elif line.action == "move":
                    assert line.user is not None and line.assignment is not None
                    user_change(actor=actor, user=line.user, assignment=line.assignment)
                else:
                    assert line.user is not None
                    user_deactivate(actor=actor, user=line.user)
        return passwords
