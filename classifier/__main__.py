"""``python -m classifier`` runs the ``zhibiao`` command."""
from classifier.cli.app import main

main()
