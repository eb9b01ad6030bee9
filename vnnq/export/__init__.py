"""Output formats built on the record: the task list (CSV, XLSX, text)."""
