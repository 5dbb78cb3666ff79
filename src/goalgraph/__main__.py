"""``python -m goalgraph``: the command line, as the ``goalgraph`` script runs it."""

from goalgraph.cli.main import main

main()
