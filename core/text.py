"""Text that every document format can hold: the one cleaning of control characters.

Word (and so python-docx), Excel (openpyxl), XML in general and PostgreSQL cannot hold most C0 control
characters, lone surrogates, U+FFFE or U+FFFF. Officials paste them from Word all the time: Word's line break
(Shift+Enter) is a vertical tab, its page break a form feed. `clean_text()` keeps tab, line feed and carriage
return, turns the vertical tab and the form feed into a line break and drops the rest.

It runs in three places, all through this one function: on every form's text fields (core.forms), before
every save of a model's text fields (the pre_save safety net in core.apps) and in the shared document and
spreadsheet writers (core.documents, core.spreadsheets), which write whatever the database already holds.
"""

import re

# Word's line break (VT) and page break (FF): a line break is the closest plain text has.
_LINE_BREAKS = re.compile("[\x0b\x0c]")
# The other C0 controls (tab, LF and CR are kept), U+FFFE, U+FFFF and lone surrogates.
_UNREPRESENTABLE = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_text(value):
    """`value` without the characters no document format can hold; anything that is not a str is returned as is."""
    if not isinstance(value, str):
        return value
    return _UNREPRESENTABLE.sub("", _LINE_BREAKS.sub("\n", value))


def text_or_empty(value) -> str:
    """`value` as cleaned text, for a writer: None becomes an empty string."""
    return "" if value is None else clean_text(str(value))
