"""The local web app: the JSON API, its OpenAPI document, its settings and the page (static/)."""
