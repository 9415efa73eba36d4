"""Tables: find their regions, read their grid, interpret each figure cell."""
