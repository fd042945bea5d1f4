"""Knowledge about how changes reach production: what deploys, and what counts as production."""
