"""The ``zhibiao`` command line: options are parsed in :mod:`classifier.cli.app`, which calls
the library; nothing else lives here."""
