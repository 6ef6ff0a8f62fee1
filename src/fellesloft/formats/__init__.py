"""Date and time formats per language (FORMAT_MODULE_PATH): one way to write a date in
bokmål and one in English. Templates name the format (`|date:"DATETIME_FORMAT"`), never its
letters; what is not set here falls back to Django's own formats for the language."""
