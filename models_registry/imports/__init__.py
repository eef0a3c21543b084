"""Models brought in from a spreadsheet, and lists taken out as one.

- columns.py: the columns of the import (and of the models export, so an exported file imports back);
- reading.py: a stored .xlsx or .csv as rows of text, the header row found under a title block;
- validation.py: each row checked and matched against the registry: the preview;
- saving.py: the confirmed preview saved through the services, all rows or none;
- template.py: the empty workbook an official fills in.
"""
