# «3. januar 2027», «3. januar 2027 kl. 14:09», «3.1.2027», «3.1.2027 kl. 14:09»
DATE_FORMAT = "j. F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"j. F Y \k\l. H:i"
MONTH_DAY_FORMAT = "j. F"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "j.n.Y"
SHORT_DATETIME_FORMAT = r"j.n.Y \k\l. H:i"
# CLDR's percent pattern for nb, «#,##0 %» with a no-break space: «9,5 %» (core/numbers.py)
PERCENT_PATTERN = "{}\u00a0%"
# The same dates as number formats in XLSX exports (core/spreadsheets.py)
SPREADSHEET_DATE_FORMAT = "D.M.YYYY"
SPREADSHEET_DATETIME_FORMAT = 'D.M.YYYY "kl." HH:MM'
