"""The analyses of a model read from a Store: traces, the portfolio report, counts and
the chain as a graph."""
