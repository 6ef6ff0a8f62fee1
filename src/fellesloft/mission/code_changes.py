"""Municipality numbers that are no longer in use in Trøndelag, and what replaced them
(pure, no Django). Loaded into `RegionCodeChange` by a data migration; the mission lead can
add more in the admin.

2018: Sør- and Nord-Trøndelag became Trøndelag (county 50) and every municipality got a new
number (16xx/17xx → 50xx); Rissa and Leksvik became Indre Fosen. 2019: Rindal moved from
Møre og Romsdal. 2020: the municipal reform merged several municipalities.
Source: SSB's classification of municipalities (KLASS 131), changes 2018–2020.
"""

from collections.abc import Iterable

RENUMBERED = "renumbered"
MERGED = "merged"
SPLIT = "split"

# (old code, old name, new code, year, kind)
KNOWN_CHANGES: list[tuple[str, str, str, int, str]] = [
    *[
        (old, name, new, 2018, RENUMBERED)
        for old, name, new in [
            ("1601", "Trondheim", "5001"),
            ("1612", "Hemne", "5011"),
            ("1613", "Snillfjord", "5012"),
            ("1617", "Hitra", "5013"),
            ("1620", "Frøya", "5014"),
            ("1621", "Ørland", "5015"),
            ("1622", "Agdenes", "5016"),
            ("1627", "Bjugn", "5017"),
            ("1630", "Åfjord", "5018"),
            ("1632", "Roan", "5019"),
            ("1633", "Osen", "5020"),
            ("1634", "Oppdal", "5021"),
            ("1635", "Rennebu", "5022"),
            ("1636", "Meldal", "5023"),
            ("1638", "Orkdal", "5024"),
            ("1640", "Røros", "5025"),
            ("1644", "Holtålen", "5026"),
            ("1648", "Midtre Gauldal", "5027"),
            ("1653", "Melhus", "5028"),
            ("1657", "Skaun", "5029"),
            ("1662", "Klæbu", "5030"),
            ("1663", "Malvik", "5031"),
            ("1664", "Selbu", "5032"),
            ("1665", "Tydal", "5033"),
            ("1702", "Steinkjer", "5004"),
            ("1703", "Namsos", "5005"),
            ("1711", "Meråker", "5034"),
            ("1714", "Stjørdal", "5035"),
            ("1717", "Frosta", "5036"),
            ("1719", "Levanger", "5037"),
            ("1721", "Verdal", "5038"),
            ("1724", "Verran", "5039"),
            ("1725", "Namdalseid", "5040"),
            ("1736", "Snåsa", "5041"),
            ("1738", "Lierne", "5042"),
            ("1739", "Røyrvik", "5043"),
            ("1740", "Namsskogan", "5044"),
            ("1742", "Grong", "5045"),
            ("1743", "Høylandet", "5046"),
            ("1744", "Overhalla", "5047"),
            ("1748", "Fosnes", "5048"),
            ("1749", "Flatanger", "5049"),
            ("1750", "Vikna", "5050"),
            ("1751", "Nærøy", "5051"),
            ("1755", "Leka", "5052"),
            ("1756", "Inderøy", "5053"),
        ]
    ],
    ("1624", "Rissa", "5054", 2018, MERGED),
    ("1718", "Leksvik", "5054", 2018, MERGED),
    ("1567", "Rindal", "5061", 2019, RENUMBERED),
    ("5004", "Steinkjer", "5006", 2020, MERGED),
    ("5039", "Verran", "5006", 2020, MERGED),
    ("5005", "Namsos", "5007", 2020, MERGED),
    ("5040", "Namdalseid", "5007", 2020, MERGED),
    ("5048", "Fosnes", "5007", 2020, MERGED),
    ("5030", "Klæbu", "5001", 2020, MERGED),
    ("5011", "Hemne", "5055", 2020, MERGED),
    ("1571", "Halsa", "5055", 2020, SPLIT),
    ("5012", "Snillfjord", "5055", 2020, SPLIT),
    ("5012", "Snillfjord", "5056", 2020, SPLIT),
    ("5012", "Snillfjord", "5059", 2020, SPLIT),
    ("5013", "Hitra", "5056", 2020, MERGED),
    ("5015", "Ørland", "5057", 2020, MERGED),
    ("5017", "Bjugn", "5057", 2020, MERGED),
    ("5018", "Åfjord", "5058", 2020, MERGED),
    ("5019", "Roan", "5058", 2020, MERGED),
    ("5016", "Agdenes", "5059", 2020, MERGED),
    ("5023", "Meldal", "5059", 2020, MERGED),
    ("5024", "Orkdal", "5059", 2020, MERGED),
    ("5050", "Vikna", "5060", 2020, MERGED),
    ("5051", "Nærøy", "5060", 2020, MERGED),
]

KIND_WORDS = {RENUMBERED: "fikk nytt nummer", MERGED: "ble slått sammen", SPLIT: "ble delt"}


class CodeChanges:
    """Follows a code through its changes: old → today's number when every step is a pure
    renumbering; otherwise the reason the figures cannot be moved to today's municipality."""

    def __init__(self, changes: Iterable[tuple[str, str, str, int, str]]):
        self.by_old: dict[str, list[tuple[str, str, str, int, str]]] = {}
        for change in changes:
            self.by_old.setdefault(change[0], []).append(change)

    def __contains__(self, code: str) -> bool:
        return code in self.by_old

    def resolve(self, code: str) -> tuple[str | None, str]:
        """(today's code, how) – or (None, why not) when the area changed on the way."""
        steps: list[str] = []
        seen = {code}
        current = code
        while current in self.by_old:
            options = self.by_old[current]
            old, name, new, year, kind = options[0]
            if len(options) > 1 or kind != RENUMBERED:
                targets = ", ".join(option[2] for option in options)
                return None, (
                    f"{old} {name} {KIND_WORDS.get(kind, kind)} i {year} ({targets}); tallene "
                    "gjelder et annet område enn dagens kommune og er hoppet over – bruk "
                    "kodelisten agg_KommGjeldende for tall regnet om til dagens kommuner"
                )
            steps.append(f"{old} {name} → {new} ({year})")
            current = new
            if current in seen:  # a loop in hand-made data: stop rather than spin
                return None, f"{code}: endringene går i ring"
            seen.add(current)
        return current, "; ".join(steps)
