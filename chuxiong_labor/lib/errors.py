"""The one exception for an action the rules refuse.

A service raises ``ActionRefused`` (or a kind of it, such as the nomination workflow's ``TransitionRefused``) with
a whole Chinese sentence that says why and what to do; the view shows that sentence and changes nothing. Views catch
this base class, so every app's refusals read and behave alike.
"""


class ActionRefused(Exception):
    """An action the rules do not allow; ``str(error)`` is the Chinese message for the user."""
