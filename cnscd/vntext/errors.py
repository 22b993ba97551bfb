"""The one error type of vntext, and the marker that lets Django find its messages.

vntext must not import Django, yet its messages reach an officer through the
Django layer, which translates them. So each message is an English message id
wrapped in ``_()`` (a no-op here): ``makemessages`` extracts it into the ``vi``
catalog, and the caller passes ``error.message`` through ``gettext`` before
filling in ``error.params``.
"""


def gettext_noop(s: str) -> str:
    """Mark a string for extraction without translating it (Django's own name)."""
    return s


_ = gettext_noop


class VnTextError(ValueError):
    """Bad input: a stable ``code`` for programs, an English ``message`` template
    (``%(name)s`` placeholders) and its ``params`` for people.

    It is a ValueError so that code that only knows "the value is wrong"
    (form fields, import rows) can catch it without knowing vntext.
    """

    def __init__(self, code: str, message: str, params: dict | None = None) -> None:
        self.code = code
        self.message = message
        self.params = dict(params or {})
        super().__init__(code, message, self.params)

    def __str__(self) -> str:
        return self.message % self.params
