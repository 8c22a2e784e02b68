"""The focal point's dashboard: figures, heatmaps, unmet needs and possible duplicate pairs."""
