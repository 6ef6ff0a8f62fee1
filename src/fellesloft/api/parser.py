"""django-ninja's parser, refusing the NUL character in every text the API reads.

PostgreSQL cannot store or even compare a text with NUL (psycopg raises DataError), so such a
value in a query string or a JSON body answers 422 here, before it reaches a query, instead
of 500 there. (A NUL in the path is refused by `middleware.ApiJsonErrorMiddleware`.)"""

from ninja.errors import ValidationError
from ninja.parser import Parser

NUL = "\x00"


class TextWithNul(ValueError):
    def __init__(self, location: tuple) -> None:
        super().__init__(location)
        self.location = location


def refuse_nul(value, location: tuple) -> None:
    """Raise TextWithNul naming where the first NUL is, in a parsed JSON value or query."""
    if isinstance(value, str):
        if NUL in value:
            raise TextWithNul(location)
    elif isinstance(value, dict):
        for key, item in value.items():
            refuse_nul(key, location)
            refuse_nul(item, (*location, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            refuse_nul(item, (*location, index))


def nul_error(location: tuple) -> ValidationError:
    return ValidationError([{"type": "nul_character", "loc": location, "msg": "NUL"}])


class SafeTextParser(Parser):
    def parse_body(self, request):
        data = super().parse_body(request)
        refuse_nul(data, ("body",))  # ninja turns it into a 400, `api.on_http_error` a 422
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        try:
            refuse_nul(result, ("query",))
        except TextWithNul as error:
            raise nul_error(error.location) from None
        return result
