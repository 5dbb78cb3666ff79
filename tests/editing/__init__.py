"""Tests of goalgraph.editing: forms, changes, history, tokens."""
