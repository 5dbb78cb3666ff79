"""Editing the model node by node: forms from the ontology, changes checked by the write
gate, IRIs minted from labels, and the history of every change in the store (PROV-O)."""
