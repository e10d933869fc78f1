"""How a benchmark signs in: as a real session would, with both factors.

The password step is skipped (`force_login`: bench users have no password, and sign-in is not
what a bench measures); the second factor is typed on its page with a code from the demo force's
TOTP secret (settings.DEMO_MFA_SECRET), so it is refused wherever that secret is unset, as in
production.
"""

from django.test import Client
from django.urls import reverse

from safeguarding.access.mfa import demo_device_ensure, next_code_for
from safeguarding.access.models import User
from safeguarding.access.stepup import mark_stepped_up


def bench_client(user: User, *, step_up: bool = False) -> Client:
    """A test client signed in as `user` with both factors; `step_up` also lets it download
    exports (as if the password had just been typed again)."""
    client = Client()
    client.force_login(user)
    device = demo_device_ensure(user)
    response = client.post(reverse("mfa_verify"), {"code": next_code_for(device)})
    if response.status_code != 302:
        raise RuntimeError("The bench user's second factor was refused.")
    session = client.session
    if step_up:
        mark_stepped_up(session)
        session.save()
    return client
