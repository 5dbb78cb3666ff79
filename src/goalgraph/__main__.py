"""``python -m goalgraph``: the command line, as the ``goalgraph`` script runs it."""

from goalgraph.cli.main import main

# Only when run: importing the module (walking the package, say) must not start a command.
if __name__ == "__main__":
    main()
