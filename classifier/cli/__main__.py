"""``python -m classifier.cli`` runs the ``zhibiao`` command."""
from classifier.cli.app import main

main()
