"""The API's parser: every string of a body – JSON or form data – cleaned as the forms' are
(`core.text`)."""

import json

from ninja.parser import Parser

from fellesloft.core.text import clean_value


class CleanTextParser(Parser):
    def parse_body(self, request):
        return clean_value(json.loads(request.body))

    def parse_querydict(self, data, list_fields, request):
        return clean_value(super().parse_querydict(data, list_fields, request))
