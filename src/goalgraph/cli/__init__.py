"""The goalgraph command line: one module per feature, composed in main.py."""
