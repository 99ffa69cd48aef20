//! CSV import (atomic, every error with its position) and export (spreadsheet-safe).
//! To be written: see issue 2.
