"""The one query library: named .rq queries, binding values into SPARQL text, results and
their formats."""
