"""Developer tools that read the product's internals (never imported by the product or the evals)."""
