"""Reference data for forms, filters and areas: topics, dimensions, languages, regions, reach."""
