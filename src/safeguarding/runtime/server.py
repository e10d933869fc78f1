"""The production WSGI server: waitress, behind the force's TLS proxy.

Only the proxy named by TRUSTED_PROXY may say who the client is and that the request came over
TLS (X-Forwarded-For, X-Forwarded-Proto); waitress then sets REMOTE_ADDR and wsgi.url_scheme,
so Django sees https (no redirect loop) and django-axes counts the real client address. The
same headers from anyone else are removed before Django sees them.
"""

from typing import Any

from django.conf import settings


def waitress_options(*, host: str, port: int, threads: int) -> dict[str, Any]:
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "threads": threads,
        "ident": "safeguarding",
        "clear_untrusted_proxy_headers": True,
    }
    if settings.TRUSTED_PROXY:
        options |= {
            "trusted_proxy": settings.TRUSTED_PROXY,
            "trusted_proxy_count": settings.TRUSTED_PROXY_COUNT,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"},
        }
    return options


def serve(*, host: str, port: int, threads: int) -> None:
    from waitress import serve as waitress_serve  # type: ignore[import-untyped]

    from safeguarding.wsgi import application

    waitress_serve(application, **waitress_options(host=host, port=port, threads=threads))
