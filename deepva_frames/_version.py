"""The toolkit's version, in one place (the package, the CLI, Parquet metadata and
manifests read it from here; the build reads it too).

>>> __version__.count(".")
2
"""

__version__ = "0.2.0"
