"""The package's version, in one place (the base layer, so any module can name it)."""

__version__ = "0.1.0"
