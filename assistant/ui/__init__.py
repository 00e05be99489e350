"""The web UI: Gradio Blocks (app), HTML rendering (render), transcripts (transcript), the closed web
surface (webguard) and the page's static files. Imports the public API only (api, types)."""
