"""The goalgraph command line; each feature module registers its own commands."""
