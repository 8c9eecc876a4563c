"""Password self-service: every user changes their own password, and must when someone else set it.

``User.must_change_password`` is set when an administrator creates a user or sets a password in the admin (and,
by migration 0008, for every account that had never signed in): until the user picks a password of their own,
``PasswordChangeRequired`` sends every page to the change form. Django's validators (length, common, similar to
the user's details, all digits; ``AUTH_PASSWORD_VALIDATORS``) answer in Chinese through the zh-hans locale (the
length check's message, which Django 5.2 reworded without a Chinese translation yet, through the portal's own
catalogue in ``locale/``). A
change ends the user's sessions on other devices: Django checks each session against a hash of the password,
and ``update_session_auth_hash`` renews only the session that made the change.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm, SetUnusablePasswordMixin
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy

from .access import portal_view
from .lib.security import SecurityEvent, record_security_event


class PortalBackend(ModelBackend):
    """Django's password backend, reading the signed-in user of each request with their unit, which every page
    shows beside their name (one query per page instead of two)."""

    def get_user(self, user_id):
        try:
            user = get_user_model()._default_manager.select_related("unit").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class PortalPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        form.user.must_change_password = False
        response = super().form_valid(form)
        record_security_event(SecurityEvent.Kind.PASSWORD_CHANGED, request=self.request, user=form.user)
        messages.success(self.request, "密码已修改。您在其他设备上的登录已同时退出。")
        return response


password_change = portal_view()(PortalPasswordChangeView.as_view())


class SetByAdministratorMixin:
    """An admin form whose saved password the user must replace at their next sign-in."""

    def save(self, commit=True):
        user = super().save(commit=False)
        user.must_change_password = True
        if commit:
            user.save()
            if hasattr(self, "save_m2m"):
                self.save_m2m()
        return user


# Django's help text for the choice mentions single sign-on and LDAP; the portal signs in with passwords only.
SIGN_IN_CHOICE_HELP = "禁用后，该用户无法登录本平台（本平台只用密码登录）。"


class AdminSetPasswordForm(SetByAdministratorMixin, AdminPasswordChangeForm):
    usable_password_help_text = (
        SIGN_IN_CHOICE_HELP + '<ul id="id_unusable_warning" class="messagelist"><li class="warning">'
        "禁用后，该用户现有的密码随即作废。</li></ul>"
    )


class AdminCreateUserForm(SetByAdministratorMixin, AdminUserCreationForm):
    usable_password = SetUnusablePasswordMixin.create_usable_password_field(SIGN_IN_CHOICE_HELP)


class PasswordChangeRequired:
    """Send a signed-in user who must change their password to the change form, from every page but that form
    and signing out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = (reverse("password_change"), reverse("logout"))
            if request.path not in allowed and not request.path.startswith("/static/"):
                messages.warning(request, "您的密码由管理员设置或尚未修改过，请先设置您自己的新密码。")
                return redirect("password_change")
        return self.get_response(request)
