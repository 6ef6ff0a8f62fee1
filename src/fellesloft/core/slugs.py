"""The one way to make a readable, unique slug for a new object."""

from django.utils.text import slugify

# slugify drops what NFKD cannot reduce to ASCII; these letters it would lose whole.
NORWEGIAN_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "å": "a"})


def unique_slug(
    model,
    text: str,
    *,
    fallback: str,
    max_length: int | None = None,
    exclude_pk: int | None = None,
    reserved: frozenset[str] | set[str] = frozenset(),
) -> str:
    """«ung-pa-froya», then «ung-pa-froya-2» …: the text as a slug, unique in `model`'s table,
    never one of `reserved` (paths a slug must not shadow), and within the slug field's length
    with its counter."""
    if max_length is None:
        max_length = model._meta.get_field("slug").max_length
    base = slugify(text.lower().translate(NORWEGIAN_LETTERS))[:max_length].strip("-") or fallback
    taken = model.objects.exclude(pk=exclude_pk)
    slug, counter = base, 2
    while slug in reserved or taken.filter(slug=slug).exists():
        suffix = f"-{counter}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
        counter += 1
    return slug
