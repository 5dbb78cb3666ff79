"""Read models of the pages, the JSON API and ``goalgraph viz``: what they show of a model,
read from a Store through the named queries (goalgraph.sparql) and the goal chain
(goalgraph.chain)."""
