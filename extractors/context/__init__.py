"""What tables and prose consult: the document's area and period, periods, places,
units and measures, labels and indicator ids."""
