class ServiceError(Exception):
    """A rule of the domain said no. The message is shown to the user as it is (Norwegian).

    `field` names the form field or API property the message belongs to, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = str(message)
        self.field = field
        self.code = code
