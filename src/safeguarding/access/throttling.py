"""API throttling: every endpoint counts requests per user (per address when anonymous), and the
list endpoints, which page out personal data in bulk, have a stricter burst and sustained rate
of their own. A refused request answers 429 with Retry-After.

Rates come from settings.API_THROTTLE_RATES, read on every request (DRF's own classes read
theirs once, at import, so tests could not raise them). The counts live in the cache named by
settings.API_THROTTLE_CACHE, which every server process must share (see settings.CACHES)."""

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle


class _SettingsRates:
    scope: str

    @property
    def cache(self):
        return caches[settings.API_THROTTLE_CACHE]

    def get_rate(self):
        return settings.API_THROTTLE_RATES[self.scope]


class ApiUserThrottle(_SettingsRates, UserRateThrottle):
    scope = "user"


class ApiAnonThrottle(_SettingsRates, AnonRateThrottle):
    scope = "anon"


class _ListThrottle(_SettingsRates, SimpleRateThrottle):
    """Counts only list requests (every list endpoint together), per user."""

    def get_cache_key(self, request, view):
        if getattr(view, "action", None) != "list":
            return None
        user = request.user
        ident = user.pk if user is not None and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ApiListBurstThrottle(_ListThrottle):
    scope = "list_burst"


class ApiListSustainedThrottle(_ListThrottle):
    scope = "list_sustained"
