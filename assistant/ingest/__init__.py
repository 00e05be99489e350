"""Ingest: posts on disk -> parsed sessions (corpus, shape), chunks (chunks, tokens), and the
sentence-level knowledge layer (knowledge). Imports nothing else of the assistant but config/errors/text."""
