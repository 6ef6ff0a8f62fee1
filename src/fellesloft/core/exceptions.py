class ServiceError(Exception):
    """A rule of the domain said no. The message is shown to the user as it is (Norwegian).

    `field` names the form field or API property the message belongs to, when there is one.
    `details` lists the single findings behind a summary (an import lists every bad row);
    `message` is then the summary followed by the findings, one per line.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        code: str = "invalid",
        details: list[str] | tuple[str, ...] = (),
    ):
        self.summary = str(message)
        self.details = [str(detail) for detail in details]
        self.message = "\n".join([self.summary, *self.details])
        super().__init__(self.message)
        self.field = field
        self.code = code
