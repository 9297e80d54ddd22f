"""The web kit every part builds its pages and API with: permissions and roles, the page
shell (navigation, panels, formats), forms, pagination, API blueprints and problem details."""
