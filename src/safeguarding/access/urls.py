from django.conf import settings
from django.urls import include, path

from safeguarding.access import account_views, views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("access-log/", views.access_log, name="access_log"),
    path("access-log/export.csv", views.access_log_export, name="access_log_export"),
    path("login/second-factor/", account_views.mfa_verify, name="mfa_verify"),
    path("login/set-up-second-factor/", account_views.mfa_enrol, name="mfa_enrol"),
    path("account/", account_views.account, name="account"),
    path("account/recovery-codes/", account_views.recovery_codes_new, name="recovery_codes_new"),
    path("account/password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("account/confirm/", account_views.step_up, name="step_up"),
    path(
        "account/sessions/end-others/",
        account_views.account_sessions_end_others,
        name="account_sessions_end_others",
    ),
    path(
        "account/sessions/<int:session_id>/end/",
        account_views.account_session_end,
        name="account_session_end",
    ),
    path("users/", account_views.users, name="users"),
    path("users/new/", account_views.user_new, name="user_new"),
    path("users/<int:user_id>/", account_views.user_detail, name="user_detail"),
    path("users/<int:user_id>/edit/", account_views.user_edit, name="user_edit"),
    path("users/<int:user_id>/deactivate/", account_views.user_deactivate_view, name="user_deactivate"),
    path("users/<int:user_id>/reactivate/", account_views.user_reactivate_view, name="user_reactivate"),
    path("users/<int:user_id>/end-sessions/", account_views.user_sessions_end, name="user_sessions_end"),
    path(
        "users/<int:user_id>/reset-password/", account_views.user_password_reset, name="user_password_reset"
    ),
    path("users/<int:user_id>/reset-second-factor/", account_views.user_mfa_reset, name="user_mfa_reset"),
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", views.api_token_revoke_view, name="api_token_revoke"),
]

if settings.OIDC_ENABLED:
    # Optional single sign-on (mozilla-django-oidc): /oidc/authenticate/ and /oidc/callback/.
    urlpatterns.append(path("oidc/", include("safeguarding.access.oidc_urls")))
