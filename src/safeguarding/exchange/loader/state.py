"""What a batch knows as it goes, shared by every step: its tables and errors, the ids of records
already held (looked up once per key), and what it changed that standards are judged on."""

from collections import Counter, defaultdict
from typing import Any

from safeguarding.access.models import User
from safeguarding.cases.models import Case
from safeguarding.cases.scoping import districts_importable_by
from safeguarding.exchange import dates
from safeguarding.exchange.formats import FORMATS_BY_NAME, EntityFormat
from safeguarding.exchange.loader.lookups import fetch
from safeguarding.exchange.loader.table import Table
from safeguarding.exchange.models import MatchReview, PersonLink, ReviewStatus
from safeguarding.exchange.validation import RowError
from safeguarding.force.models import Team
from safeguarding.people.models import Address, Person


class BatchState:
    """The state every step reads and adds to; ExtractImport (run.py) is made of the steps."""

    _fetch = staticmethod(fetch)

    def __init__(
        self,
        *,
        actor: User,
        source_system: str,
        skip_invalid: bool = False,
        progress: bool = False,
        date_layout: str | None = None,
    ):
        if not source_system or len(source_system) > 32:
            raise ValueError("A source system name of 1 to 32 characters is needed.")
        # How this source writes dates that are not ISO (exchange/dates.py).
        self.date_layout = date_layout or dates.layout_for(source_system)
        self.actor = actor
        self.system = source_system
        self.skip_invalid = skip_invalid
        self.progress = progress
        self.errors: list[RowError] = []
        self.tables: dict[str, Table] = {}
        self.counts: dict[str, dict[str, int]] = {}
        self.files: list[str] = []
        # Keys of records already in the database: entity -> key -> id
        self.db_ids: dict[str, dict[Any, int]] = defaultdict(dict)
        # Ids of the records this batch inserted, by entity (nothing can refer to them yet).
        self.inserted: dict[str, set[int]] = defaultdict(set)
        # Keys already looked for in the database (found or not): entity -> keys
        self.looked_up: dict[str, set] = defaultdict(set)
        self.review_refs: set[str] = set()
        self.matches: dict[str, Any] = {}
        self.case_refs: dict[int, str] | None = None
        # What the batch changed that standards are judged on (see rejudge): case ids, the
        # references of new cases (ids not always drawn on PostgreSQL), and people changed.
        self.touched_cases: set[int] = set()
        self.new_case_refs: set[str] = set()
        self.touched_people: set[int] = set()
        # Search keys: those of the people the batch creates (person ids, keys: written with
        # them), and the people whose names or phone it changes (their keys set again).
        self.new_person_keys: tuple[list[int], list[str]] = ([], [])
        self.renamed_people: set[int] = set()
        # Rows written by table, to know which tables' statistics the batch made stale.
        self.written: Counter[str] = Counter()
        # Only the districts the actor may load into (cases/scoping.py): another one answers
        # as an unknown district code, and nothing of the row is loaded.
        self.districts = dict(districts_importable_by(actor).values_list("code", "id"))
        self.users: dict[str, int] = {}
        self.teams: dict[tuple[int | None, str], int] = {
            (district_id, name): pk
            for pk, district_id, name in Team.objects.values_list("id", "district_id", "name")
        }

    def _error(self, table: Table, k: int, column: str, reason: str) -> None:
        self.errors.append(RowError(table.files[k], table.lines[k], column, reason))
        table.bad.add(k)

    def _table(self, entity: EntityFormat) -> Table:
        if entity.name not in self.tables:
            self.tables[entity.name] = Table(entity)
        return self.tables[entity.name]

    def _load_db_ids(self, target: str, keys: set[tuple]) -> None:
        """Find which of these keys the database already holds (entity -> key -> id)."""
        known = self.db_ids[target]
        keys = keys - known.keys() - self.looked_up[target]
        if not keys:
            return
        self.looked_up[target] |= keys
        if target == "cases":
            self.case_refs = None
        if target == "people":
            refs = [k[0] for k in keys]
            for ref, pk in self._fetch(
                Person.objects.filter(source_system=self.system),
                "source_reference__in",
                refs,
                ("source_reference", "id"),
            ):
                known[(ref,)] = pk
            for ref, pk in self._fetch(
                PersonLink.objects.filter(source_system=self.system),
                "source_reference__in",
                refs,
                ("source_reference", "person_id"),
            ):
                known.setdefault((ref,), pk)
            self.review_refs |= {
                ref
                for (ref,) in self._fetch(
                    MatchReview.objects.filter(source_system=self.system, status=ReviewStatus.PENDING),
                    "source_reference__in",
                    refs,
                    ("source_reference",),
                )
            }
        elif target == "cases":
            for ref, pk in self._fetch(
                Case.objects.filter(source_system=self.system),
                "source_reference__in",
                [k[0] for k in keys],
                ("source_reference", "id"),
            ):
                known[(ref,)] = pk
        elif target == "addresses":
            for ref, pk in self._fetch(
                Address.objects.all(),
                "source_reference__in",
                [k[0] for k in keys],
                ("source_reference", "id"),
            ):
                known[(ref,)] = pk
        else:
            model = FORMATS_BY_NAME[target].model
            case_refs = {k[0] for k in keys}
            self._load_db_ids("cases", {(r,) for r in case_refs})
            case_ids = {self.db_ids["cases"][(r,)]: r for r in case_refs if (r,) in self.db_ids["cases"]}
            for case_id, ref, pk in self._fetch(
                model._default_manager.exclude(source_reference=""),
                "case_id__in",
                list(case_ids),
                ("case_id", "source_reference", "id"),
            ):
                known[(case_ids[case_id], ref)] = pk

    def case_references(self) -> dict[int, str]:
        """Case id -> source reference, for the cases known so far (kept until more are added)."""
        if self.case_refs is None:
            self.case_refs = {pk: ref for (ref,), pk in self.db_ids["cases"].items()}
        return self.case_refs
