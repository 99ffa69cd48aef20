# The records screen.

records-reminder = The event ended on { $ended }; its retention period of { $days } days is over since { $due }: purge the personal data of { $people } people (Records screen: Purge personal data…).
