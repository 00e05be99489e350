"""The generated-answer path: an OpenAI-compatible server (providers), what the model is shown
(sources), the stream and its offline fallback (generate), and the citation guard that checks every
generated sentence against the post (guard, judge, agreement, claims, markers; changes says what the
guard changed). Imports answering/ and ingest/ for facts and evidence, never the API or the UI."""
