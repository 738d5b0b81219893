"""Terminal rendering of what the library returns (rich tables and text).

The library modules return data (records, dataclasses, dicts, JSON); only the command line
draws them for people, here, one module per area:

- :mod:`~classifier.cli.rendering.reading`: the tables ``zhibiao read`` found;
- :mod:`~classifier.cli.rendering.audit`: the audit report;
- :mod:`~classifier.cli.rendering.suggestions`: suggestions, checks and drafts;
- :mod:`~classifier.cli.rendering.research`: corpus statistics and quality scores;
- :mod:`~classifier.cli.rendering.label_issues`: suspect labels and filings of the corpus.

Every function takes the result and an optional ``console`` (a :class:`rich.console.Console`;
default: a new one on stdout) and prints; none returns data.
"""
