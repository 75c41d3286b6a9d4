"""Static files: content-hashed names with .gz and .br copies, written by collectstatic."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed manifest storage that, for a file collectstatic has not hashed (tests, a fresh
    checkout), links it by its plain name instead of failing the whole page with a missing-manifest error."""

    def stored_name(self, name: str) -> str:
        try:
            return super().stored_name(name)
        except ValueError:
            return name
