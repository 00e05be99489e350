"""The per-kind columns of the report's tables and plot, and their short headings."""

KIND_COLUMNS = (
    "useful",
    "hit_at_k",
    "key_fact_accuracy",
    "refusal_accuracy",
    "false_refusal_rate",
    "citation_validity",
    "citation_precision",
    "citation_recall",
    "grounding",
)
SHORT = {
    "useful": "useful",
    "hit_at_k": "hit@k",
    "key_fact_accuracy": "facts",
    "refusal_accuracy": "refuse",
    "false_refusal_rate": "false-ref",
    "citation_validity": "valid",
    "citation_precision": "c-prec",
    "citation_recall": "c-recall",
    "grounding": "ground",
}
