"""The one exception for an action the rules refuse.

A service raises ``ActionRefused`` (or a kind of it, such as the nomination workflow's ``TransitionRefused``) with
a whole Chinese sentence that says why and what to do; the view shows that sentence and changes nothing. Views catch
this base class, so every app's refusals read and behave alike.
"""

import logging

from django.core.exceptions import PermissionDenied


class ActionRefused(Exception):
    """An action the rules do not allow; ``str(error)`` is the Chinese message for the user."""


class DropIntendedRefusals(logging.Filter):
    """Keep Django's request log free of intended refusals: a ``PermissionDenied`` is a rule doing its job, and
    the 403 handler records it as one security event (and one line on this module's logger), not a traceback."""

    def filter(self, record):
        exception = record.exc_info[1] if record.exc_info else None
        return not (getattr(record, "status_code", None) == 403 and isinstance(exception, PermissionDenied))
