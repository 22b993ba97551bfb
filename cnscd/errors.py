"""The error every service raises when a rule is broken.

Views render `message` to people; the API returns `{"code", "message"}` (plus
`"fields"` when the error belongs to one input field). Codes are stable
snake_case strings that scripts may rely on; messages are translated.
"""


class ServiceError(Exception):
    def __init__(self, code: str, message: str, *, field: str | None = None, status: int = 400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.status = status

    def __str__(self) -> str:
        return self.message
