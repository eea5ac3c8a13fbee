"""Access and search statistics without cookies or personal data, daily rollups, the dashboard,
the public statistics page and the quarterly report (docs/statistics.md)."""
