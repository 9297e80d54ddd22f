"""The server: the Flask app put together from core's parts and the plugins, tenant resolution,
browser protections, the language switch, the OpenAPI document, gunicorn."""
