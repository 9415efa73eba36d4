"""Figures in prose: text blocks, which numbers are figures, what they measure."""
