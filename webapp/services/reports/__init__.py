"""The focal point's reports: gaps, outcomes and funding as rows a CSV or XLSX file holds."""
