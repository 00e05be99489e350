"""Store: the offline embedder (embeddings) and the Chroma index of chunks (index). Imports ingest."""
