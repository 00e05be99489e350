"""Retrieval: question -> ranked passages, dense and BM25 fused, structure aware (retrieve). Imports store."""
