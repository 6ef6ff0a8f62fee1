"""Static files in production: WhiteNoise's compressed, hashed files, tolerant of what the
vendored front-end files point to but the set-up does not copy.

`collectstatic` rewrites every reference in CSS and JS (url(), @import, sourceMappingURL) to
the file's hashed name, and Django stops at the first reference to a file that is not there –
Chart.js names its source map, a stylesheet may name a font. Such a reference is left as it is
(the browser asks for it and gets a 404, as before) with a warning that names it, and every
other file is still hashed, compressed and entered in the manifest the pages need."""

import logging

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.missing: set[tuple[str, str]] = set()  # (file, the reference it could not follow)

    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def converter(matchobj):
            try:
                return convert(matchobj)
            except ValueError:  # Django's "The file '…' could not be found with …"
                missing = (name, matchobj.group("url"))
                if missing not in self.missing:  # post-processing passes over a file again
                    self.missing.add(missing)
                    logger.warning(
                        "%s refers to %s, which is not among the static files; "
                        "the reference is left as it is",
                        *missing,
                    )
                return matchobj.group("matched")

        return converter
