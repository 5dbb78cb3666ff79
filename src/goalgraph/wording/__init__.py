"""Wording rules: whether a goal, a strategy or an assignment is phrased as its kind is."""
