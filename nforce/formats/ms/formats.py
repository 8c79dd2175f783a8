"""Bahasa Malaysia: dates as PERKESO writes them ("14 Ogos 2025", not Django's "14 Ogo 2025"), and the
24-hour clock that officers' phones and reports use. A date or time rendered without a format
(a table cell, `{{ value }}`) takes these."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
