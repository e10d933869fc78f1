"""The English/Welsh choice (issue 25): Django's set_language, declared public so the sign-in
page can offer it too. It shows no data; the choice lives in the language cookie, and a `next`
pointing off this site is ignored (Django checks it)."""

from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from safeguarding.access.declarations import PUBLIC, requires

language_choose = requires(PUBLIC)(require_POST(set_language))
