# «3 January 2027», «3 January 2027, 14:09», «3 Jan 2027» (day before month, 24-hour clock,
# as in the Norwegian original, and never ambiguous like 03/01)
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
# CLDR's percent pattern for en, «#,##0%»: «9.5%» (core/numbers.py)
PERCENT_PATTERN = "{}%"
# The same dates as number formats in XLSX exports (core/spreadsheets.py)
SPREADSHEET_DATE_FORMAT = "D MMM YYYY"
SPREADSHEET_DATETIME_FORMAT = "D MMM YYYY, HH:MM"
