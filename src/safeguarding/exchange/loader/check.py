"""The check step: rules, shared validators, duplicates and references, on whole columns,
entity by entity in load order. A refused row is marked bad in its Table with a RowError naming
file, line, column and reason."""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from django.utils import timezone

from safeguarding.access.models import User
from safeguarding.cases.models import Case
from safeguarding.cases.scoping import staff_districts
from safeguarding.exchange.formats import FORMATS, FORMATS_BY_NAME, ColumnType, EntityFormat
from safeguarding.exchange.loader.state import BatchState
from safeguarding.exchange.loader.table import Table, rows_of
from safeguarding.exchange.validation import evaluate_columns, model_rules
from safeguarding.people.validators import (
    OLDEST_AGE_YEARS,
    date_of_birth_problem,
    ethnicity_problems,
    flag_problems,
    person_values_normalised,
)

_RESOLVED = {ColumnType.DISTRICT, ColumnType.USERNAME, ColumnType.TEAM, ColumnType.REFERENCE}


class Checking(BatchState):
    """Checks the tables read; reports every problem of a row, not just its first."""

    def check(self) -> None:
        """Rules, duplicates and references, entity by entity in load order."""
        for entity in FORMATS:
            table = self.tables.get(entity.name)
            if not table:
                continue
            self._check_rules(entity, table)
            self._check_validators(entity, table)
            self._check_duplicates(entity, table)
            self._check_references(entity, table)

    def _check_rules(self, entity: EntityFormat, table: Table) -> None:
        rules = model_rules(entity.model)
        if not rules:
            return
        good = table.good()
        checked = rows_of(good, len(table))
        if not checked:
            return
        columns = {(c.field or c.name): table.pick(c.name, good) for c in entity.columns}
        columns_by_field = {(c.field or c.name): c.name for c in entity.columns}
        for rule in rules:
            outcome = evaluate_columns(rule.condition, columns, len(checked))
            if False not in outcome:
                continue
            column = columns_by_field.get(rule.fields[0], rule.fields[0])
            for k, passed in zip(checked, outcome, strict=True):
                if passed is False:
                    self._error(table, k, column, rule.describe())

    def _check_validators(self, entity: EntityFormat, table: Table) -> None:
        """The rules the forms, the API and the services keep (people/validators.py), in the same
        words: a person's date of birth, a flag's category and dates. Only rows a
        cheap test cannot clear are given to the validator, so it decides every refusal."""
        if entity.name not in ("people", "flags"):
            return
        good = table.good()
        rows = rows_of(good, len(table))
        columns = {(c.field or c.name): table.pick(c.name, good) for c in entity.columns}
        column_of = {(c.field or c.name): c.name for c in entity.columns}
        if entity.name == "people":
            self._check_ethnicity(table, rows, columns, column_of)
            # The date of birth's own rule. The child flag's rule is not applied here: it is judged
            # on today's date, so a re-sent record whose child has since turned 18 would be
            # refused, and the forms apply it only when the date or the flag is changed.
            born = columns.get("date_of_birth")
            if born is None:
                return
            today = timezone.localdate()
            # Clear of the rule: born a week ago or more, and well inside the oldest age.
            oldest = dt.date(today.year - OLDEST_AGE_YEARS + 1, today.month, 1)
            recent = today - dt.timedelta(days=7)
            doubtful: Sequence[int] = [
                i for i, b in enumerate(born) if b is not None and not oldest < b < recent
            ]

            def check(i: int) -> dict[str, list[str]]:
                problem = date_of_birth_problem(born[i])
                return {"date_of_birth": [problem]} if problem else {}

        else:
            names = ("kind", "cp_category", "starts_on", "ends_on")
            values = [columns.get(n) or [None] * len(rows) for n in names]
            doubtful = range(len(rows))

            def check(i: int) -> dict[str, list[str]]:
                return flag_problems(dict(zip(names, (v[i] for v in values), strict=True)))

        for i in doubtful:
            for name, messages in check(i).items():
                for message in messages:
                    self._error(table, rows[i], column_of.get(name, name), message)

    def _check_ethnicity(self, table: Table, rows, columns: dict, column_of: dict) -> None:
        """The census group follows the self-defined code (people/validators.py): a row with a code
        and no group is given the code's group; a row whose group disagrees is refused."""
        codes, groups = columns.get("ethnicity_self_defined"), columns.get("ethnicity")
        if codes is None or groups is None or not any(codes):
            return
        target = table.column(column_of["ethnicity"])
        for i, code in enumerate(codes):
            if not code:
                continue
            values = person_values_normalised({"ethnicity_self_defined": code, "ethnicity": groups[i] or ""})
            problems = ethnicity_problems(values)
            for name, messages in problems.items():
                for message in messages:
                    self._error(table, rows[i], column_of.get(name, name), message)
            if not problems:
                target[rows[i]] = values["ethnicity"]

    def _check_duplicates(self, entity: EntityFormat, table: Table) -> None:
        checks = [entity.key]
        for constraint in entity.model._meta.constraints:
            fields = getattr(constraint, "fields", ())
            if (
                fields
                and constraint.__class__.__name__ == "UniqueConstraint"
                and getattr(constraint, "condition", None) is None
            ):
                columns = tuple(c.name for f in fields for c in entity.columns if c.field == f)
                if len(columns) == len(fields) and columns != entity.key:
                    checks.append(columns)
        checks += [
            (c.name,)
            for c in entity.columns
            if c.field and getattr(entity.model._meta.get_field(c.field), "unique", False)
        ]
        for columns in checks:
            # Every key distinct (the usual case): nothing to report. Keys holding a None are
            # skipped below, so distinct ones among the rest cannot clash either.
            if len(columns) == 1:
                values = table.column(columns[0])
                if len(set(values)) == len(values) or all(v is None for v in values):
                    continue
                keys = list(zip(values))
            else:
                keys = table.keys(columns)
                if len(set(keys)) == len(keys) or not any(None not in key for key in keys):
                    continue
            seen: dict[tuple, int] = {}
            for k, key in enumerate(keys):
                if None in key:
                    continue
                first = seen.setdefault(key, k)
                if first != k:
                    where = (
                        f"line {table.lines[first]}"
                        if table.files[first] == table.files[k]
                        else f"{table.files[first]} line {table.lines[first]}"
                    )
                    self._error(table, k, columns[-1], f"duplicate {' + '.join(columns)}: also on {where}")
        if entity.model is Case:
            self._check_case_references_free(table)

    def _check_case_references_free(self, table: Table) -> None:
        """Case.reference is unique across the force: another source's case may hold it."""
        good = table.good()
        refs = dict(zip(table.pick("reference", good), rows_of(good, len(table)), strict=True))
        taken = self._fetch(
            Case.objects.exclude(source_system=self.system),
            "reference__in",
            list(refs),
            ("reference", "source_reference"),
        )
        for reference, _source in taken:
            self._error(
                table,
                refs[reference],
                "reference",
                f"case reference {reference!r} is held by another source's case",
            )
        # And a case of this system held under a different source reference.
        same = self._fetch(
            Case.objects.filter(source_system=self.system),
            "reference__in",
            list(refs),
            ("reference", "source_reference"),
        )
        source_references = table.column("source_reference")
        for reference, source_reference in same:
            k = refs[reference]
            if source_references[k] != source_reference:
                self._error(
                    table,
                    k,
                    "reference",
                    f"case reference {reference!r} belongs to source reference {source_reference!r}",
                )

    def _known(self, target: str) -> set:
        """Keys this batch holds for an entity (bad rows count too, unless they are being skipped):
        plain values for a one-column key (a string keeps its hash; a tuple works it out again on
        every lookup), tuples otherwise."""
        table = self.tables.get(target)
        if table is None:
            return set()
        entity = FORMATS_BY_NAME[target]
        rows = table.good() if self.skip_invalid else None
        if len(entity.key) == 1:
            known = set(table.pick(entity.key[0], rows))
            known.discard(None)
            return known
        keys = set(table.keys(entity.key, rows))
        return {key for key in keys if None not in key}

    def _check_references(self, entity: EntityFormat, table: Table) -> None:
        for column in entity.columns:
            if column.type not in _RESOLVED:
                continue
            values = table.column(column.name)
            wanted = set(values)
            wanted.discard(None)
            if not wanted:
                continue
            if column.type == ColumnType.DISTRICT:
                unknown = wanted - set(self.districts)
                reason = "unknown district code {!r}"
            elif column.type == ColumnType.USERNAME:
                found = dict(
                    self._fetch(User.objects.all(), "username__in", sorted(wanted), ("username", "id"))
                )
                self.users.update(found)
                unknown = wanted - set(found)
                reason = "no user with username {!r}"
                if entity.model is Case:
                    self._check_case_officers(table, column.name, values, found)
            elif column.type == ColumnType.TEAM:
                self._check_teams(entity, table, values)
                continue
            elif column.type == ColumnType.REFERENCE:
                self._check_reference_column(table, column.name, column.target, values)
                continue
            else:
                continue
            if not unknown:
                continue
            for k, value in enumerate(values):
                # Checked on rows already found bad too: every problem of a row is reported.
                if value in unknown:
                    self._error(table, k, column.name, reason.format(value))

    def _check_case_officers(self, table: Table, column: str, values: list, found: dict[str, int]) -> None:
        """A case's officers work in its district: the rule of the pages and the API."""
        works_in = staff_districts(found.values())
        districts = table.column("district")
        for k, username in enumerate(values):
            user_id, district_id = found.get(username), self.districts.get(districts[k])
            if user_id is not None and district_id is not None and district_id not in works_in[user_id]:
                self._error(table, k, column, f"{username!r} does not work in district {districts[k]!r}")

    def _check_teams(self, entity: EntityFormat, table: Table, values: list) -> None:
        by_name: dict[str, list[int]] = defaultdict(list)
        for (_district, name), pk in self.teams.items():
            by_name[name].append(pk)
        districts = table.column("district") if entity.name == "cases" else None
        for k, name in enumerate(values):
            if name is None or k in table.bad:
                continue
            if districts is not None:
                district = self.districts.get(districts[k])
                if (district, name) not in self.teams:
                    self._error(table, k, "team", f"no team {name!r} in the case's district")
            elif len(by_name.get(name, [])) != 1:
                problem = (
                    "no team named {!r}"
                    if not by_name.get(name)
                    else "team name {!r} is not unique: several districts"
                )
                self._error(table, k, "team", problem.format(name))

    def _check_reference_column(self, table: Table, column: str, target: str, values: list) -> None:
        in_batch = self._known(target)
        target_table = self.tables.get(target)
        entry_target = FORMATS_BY_NAME[target].is_entry
        rejected: set = set()
        if self.skip_invalid and target_table is not None and target_table.bad:
            bad_rows = sorted(target_table.bad)
            if entry_target:
                rejected = set(target_table.keys(FORMATS_BY_NAME[target].key, bad_rows))
            else:
                rejected = set(target_table.pick(FORMATS_BY_NAME[target].key[0], bad_rows))
        if table.bad or None in values:
            checked: list[int] | range = [
                k for k, v in enumerate(values) if v is not None and k not in table.bad
            ]
            picked = list(map(values.__getitem__, checked))
        else:
            checked, picked = range(len(values)), values
        if entry_target:
            cases = (
                table.column("case_reference")
                if isinstance(checked, range)
                else table.pick("case_reference", checked)
            )
            keys: list = list(zip(cases, picked, strict=True))
        else:
            keys = picked  # plain values, as _known gives them for a one-column key
        if in_batch.issuperset(keys):
            return
        outside = set(keys) - in_batch
        if not entry_target:
            outside = {(value,) for value in outside}
        self._load_db_ids(target, outside)
        db = self.db_ids[target]
        if not outside - db.keys():
            return
        label = target.replace("_", " ")
        where = " in the same case" if entry_target else ""
        for k, key in zip(checked, keys, strict=True):
            value = key[-1] if entry_target else key
            if key in in_batch or (key if entry_target else (key,)) in db:
                continue
            if target == "people" and value in self.review_refs:
                continue
            if key in rejected:
                reason = f"refers to {label} {value!r}{where}, which was rejected"
            else:
                reason = f"no {label} with source reference {value!r}{where} in this extract or the database"
            self._error(table, k, column, reason)
