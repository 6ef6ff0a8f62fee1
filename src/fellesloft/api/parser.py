"""The API's JSON parser: every string of a body cleaned as the forms' are (`core.text`)."""

import json

from ninja.parser import Parser

from fellesloft.core.text import clean_value


class CleanTextParser(Parser):
    def parse_body(self, request):
        return clean_value(json.loads(request.body))
