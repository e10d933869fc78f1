"""People ask the cases floor above them through people/casework.py (they never import cases):
the cases app supplies the answers as it starts, and an unsupplied question fails loudly rather
than answer with no scope at all."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from safeguarding.access.models import User
from safeguarding.people import casework


def test_the_cases_app_supplies_the_casework_as_it_starts():
    from safeguarding.cases import casework as cases_casework

    assert casework.casework() is cases_casework


def test_an_unsupplied_question_fails_loudly(monkeypatch):
    monkeypatch.setattr(casework, "_supplied", [])
    with pytest.raises(ImproperlyConfigured, match="CasesConfig.ready"):
        casework.people_visible_to(User(username="nobody"))
