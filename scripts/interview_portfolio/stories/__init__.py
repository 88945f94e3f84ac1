"""Stories: the front-matter model, the competency vocabulary, loading, links, lint, worked examples."""
